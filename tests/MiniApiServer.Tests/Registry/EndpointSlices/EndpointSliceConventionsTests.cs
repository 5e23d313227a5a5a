using MiniApiServer.Registry.EndpointSlices;

namespace MiniApiServer.Tests.Registry.EndpointSlices;

/// <summary>The names and rules the slice-writing controllers share with the API.</summary>
public sealed class EndpointSliceConventionsTests
{
    [Fact]
    public void Labels_and_managed_by_values_are_upstreams()
    {
        Assert.Equal("kubernetes.io/service-name", EndpointSliceConventions.LabelServiceName);
        Assert.Equal("endpointslice.kubernetes.io/managed-by", EndpointSliceConventions.LabelManagedBy);
        Assert.Equal("endpointslice.kubernetes.io/skip-mirror", EndpointSliceConventions.LabelSkipMirror);
        Assert.Equal("endpointslice-controller.k8s.io", EndpointSliceConventions.EndpointSliceControllerName);
        Assert.Equal("endpointslicemirroring-controller.k8s.io", EndpointSliceConventions.MirroringControllerName);
        Assert.Equal(100, EndpointSliceConventions.MaxEndpointsPerSlice);
    }

    [Theory]
    [InlineData("10.244.0.5", "IPv4")]
    [InlineData("010.244.0.5", "IPv4")]
    [InlineData("::ffff:10.244.0.5", "IPv4")]
    [InlineData("fd00::5", "IPv6")]
    [InlineData("FD00:0::5", "IPv6")]
    [InlineData("::", "IPv6")]
    [InlineData("", null)]
    [InlineData("10.244.0.256", null)]
    [InlineData("fe80::1%eth0", null)]
    [InlineData("pod.example.com", null)]
    public void The_address_type_of_an_ip_is_its_family_as_go_parses_it(string ip, string? addressType) =>
        Assert.Equal(addressType, EndpointSliceConventions.AddressTypeOf(ip));

    [Fact]
    public void Every_address_type_it_names_is_one_the_api_accepts()
    {
        foreach (var type in new[] { EndpointSliceConventions.AddressTypeIPv4, EndpointSliceConventions.AddressTypeIPv6, EndpointSliceConventions.AddressTypeFqdn })
        {
            var slice = new k8s.Models.V1EndpointSlice { Metadata = new() { Name = "s", NamespaceProperty = "default" }, AddressType = type };
            Assert.Empty(EndpointSliceValidation.ValidateCreate(slice));
        }
    }
}
