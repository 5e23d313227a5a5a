using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Machinery.Schema;
using MiniApiServer.Registry;

namespace MiniApiServer.Tests.Machinery.Schema;

/// <summary>
/// The table of upstream's model names and merge semantics: every list and map field a served kind can reach has a
/// decided entry (a kind registered from a package the generator does not read fails here), and the entries say what
/// k8s.io/api's markers say.
/// </summary>
public sealed class UpstreamModelsTests
{
    [Fact]
    public async Task Every_list_and_map_field_reachable_from_a_served_kind_has_a_decided_entry()
    {
        await using var server = ApiServer.Start();
        var catalog = server.Services.GetRequiredService<ResourceCatalog>();
        var roots = catalog.All.SelectMany(k => k.Descriptor.ServedResources).SelectMany(d => new[] { d.ModelType, d.ListType }).OfType<Type>();
        var undecided = new List<string>();
        var unnamed = new List<string>();
        foreach (var type in Reachable(roots))
        {
            if (UpstreamModels.Of(type) is null)
            {
                unnamed.Add(type.Name);
                continue;
            }
            foreach (var (property, name) in JsonProperties(type))
            {
                var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var semantics = UpstreamModels.Field(type, name);
                if (IsGeneric(t, typeof(IList<>)) && semantics?.ListType is null || IsGeneric(t, typeof(IDictionary<,>)) && semantics?.MapType is null)
                {
                    undecided.Add($"{type.Name}.{name}");
                }
            }
        }
        Assert.True(unnamed.Count == 0, "types without an upstream model: " + string.Join(", ", unnamed));
        Assert.True(undecided.Count == 0, "list or map fields without a decided entry: " + string.Join(", ", undecided));
    }

    [Fact]
    public void Service_ports_merge_by_port_and_are_keyed_by_port_and_protocol()
    {
        var ports = UpstreamModels.Field(typeof(V1ServiceSpec), "ports")!;
        Assert.Equal(ListType.Map, ports.ListType);
        Assert.Equal(["port", "protocol"], ports.ListMapKeys);
        Assert.Equal(PatchStrategy.Merge, ports.PatchStrategy);
        Assert.Equal("port", ports.PatchMergeKey);
        Assert.Equal(Decision.Marked, ports.Decision);
    }

    [Fact]
    public void Containers_merge_by_name_and_volumes_also_retain_keys()
    {
        var containers = UpstreamModels.Field(typeof(V1PodSpec), "containers")!;
        Assert.Equal((ListType.Map, "name", PatchStrategy.Merge), (containers.ListType!.Value, containers.PatchMergeKey, containers.PatchStrategy));
        Assert.Equal(["name"], containers.ListMapKeys);
        Assert.Equal(PatchStrategy.Merge | PatchStrategy.RetainKeys, UpstreamModels.Field(typeof(V1PodSpec), "volumes")!.PatchStrategy);
    }

    [Fact]
    public void Finalizers_are_a_merged_set_and_labels_a_granular_map_by_default()
    {
        var finalizers = UpstreamModels.Field(typeof(V1ObjectMeta), "finalizers")!;
        Assert.Equal((ListType.Set, PatchStrategy.Merge, (string?)null), (finalizers.ListType!.Value, finalizers.PatchStrategy, finalizers.PatchMergeKey));

        var labels = UpstreamModels.Field(typeof(V1ObjectMeta), "labels")!;
        Assert.Equal((MapType.Granular, Decision.Default, PatchStrategy.Replace), (labels.MapType!.Value, labels.Decision, labels.PatchStrategy));
        Assert.Equal(MapType.Atomic, UpstreamModels.Field(typeof(V1ServiceSpec), "selector")!.MapType);
    }

    [Fact]
    public void An_unmarked_list_is_atomic_and_replaced()
    {
        // A list's items have no marker upstream: structured-merge-diff takes them as atomic, SMP replaces them.
        var items = UpstreamModels.Field(typeof(V1ServiceList), "items")!;
        Assert.Equal((ListType.Atomic, PatchStrategy.Replace, Decision.Default), (items.ListType!.Value, items.PatchStrategy, items.Decision));
    }

    [Fact]
    public void Names_are_upstream_model_names_even_where_the_client_prefixes_its_class_with_the_group()
    {
        Assert.Equal("io.k8s.api.core.v1.Service", UpstreamModels.Of(typeof(V1Service))!.Name);
        Assert.Equal("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", UpstreamModels.Of(typeof(V1ObjectMeta))!.Name);
        Assert.Equal("io.k8s.apimachinery.pkg.util.intstr.IntOrString", UpstreamModels.Of(typeof(IntOrString))!.Name);
        Assert.Equal("io.k8s.apimachinery.pkg.api.resource.Quantity", UpstreamModels.Of(typeof(ResourceQuantity))!.Name);
        Assert.Equal("io.k8s.api.core.v1.EndpointPort", UpstreamModels.Of(typeof(Corev1EndpointPort))!.Name);
        Assert.Equal("io.k8s.api.discovery.v1.EndpointPort", UpstreamModels.Of(typeof(Discoveryv1EndpointPort))!.Name);
        Assert.Equal("io.k8s.api.core.v1.Event", UpstreamModels.Of(typeof(Corev1Event))!.Name);
        Assert.Equal("io.k8s.api.events.v1.Event", UpstreamModels.Of(typeof(Eventsv1Event))!.Name);
    }

    [Fact]
    public void Required_fields_and_enums_follow_the_go_types()
    {
        var port = UpstreamModels.Of(typeof(V1ServicePort))!;
        Assert.Equal(["port"], port.Required);
        Assert.Equal(["SCTP", "TCP", "UDP"], port.Enums["protocol"]);
        Assert.Equal(["name"], UpstreamModels.Of(typeof(V1Container))!.Required);
        Assert.True(UpstreamModels.Of(typeof(V1ObjectReference))!.StructAtomic);
    }

    /// <summary>Every k8s.Models type reachable through the JSON properties of <paramref name="roots"/>.</summary>
    internal static IReadOnlyCollection<Type> Reachable(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (type.Namespace != typeof(V1Service).Namespace || !seen.Add(type))
            {
                continue;
            }
            foreach (var (property, _) in JsonProperties(type))
            {
                var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                pending.Enqueue(t.IsGenericType ? t.GetGenericArguments()[^1] : t);
            }
        }
        return seen;
    }

    private static IEnumerable<(PropertyInfo Property, string Name)> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(x => x.Name is not null)
            .Select(x => (x.p, x.Name!));

    private static bool IsGeneric(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;
}
