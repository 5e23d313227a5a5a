using MiniApiServer.Registry;
using MiniApiServer.Registry.Leases;
using MiniApiServer.Registry.Namespaces;

namespace MiniApiServer.Tests.Registry.Tables;

/// <summary>A kind is served with its table printer or not at all (KindRegistration.Check, at start-up).</summary>
public sealed class KindRegistrationPrinterTests
{
    [Fact]
    public void A_kind_without_a_printer_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KindRegistration.Stored(new LeaseStrategy()).Check());
        Assert.Equal("leases.coordination.k8s.io: a served kind has a table printer", e.Message);
    }

    [Fact]
    public void A_printer_of_another_kind_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => (KindRegistration.Stored(new LeaseStrategy()) with { Printer = new NamespacePrinter() }).Check());
        Assert.Contains("prints V1Namespace, not V1Lease", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_with_its_printer_is_accepted() =>
        (KindRegistration.Stored(new LeaseStrategy()) with { Printer = new LeasePrinter() }).Check();
}
