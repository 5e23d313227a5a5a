using System.Text;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Tests.Storage;

/// <summary>
/// What every <see cref="IStorageBackend"/> must do, run against each backend by deriving from this class: revisions
/// assigned by the backend, preconditions compared with what it has stored (earlier writes of a batch included), each
/// write's failure kept to itself, durability across a reopen, and the retained changes.
/// </summary>
public abstract class StorageBackendContract : IDisposable
{
    private readonly List<IDisposable> _open = [];

    private protected static readonly GroupResource Services = GroupResource.Core("services");
    private protected static readonly GroupResource Leases = new("coordination.k8s.io", "leases");

    /// <summary>Opens the backend on this test's storage (the same storage each call, as a restart would).</summary>
    private protected abstract IStorageBackend OpenBackend(int retainedChanges);

    public virtual void Dispose()
    {
        foreach (var d in _open)
        {
            d.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    private protected IStorageBackend Open(int retainedChanges = 1000)
    {
        var backend = OpenBackend(retainedChanges);
        _open.Add(backend);
        return backend;
    }

    private protected void Close(IStorageBackend backend)
    {
        _open.Remove(backend);
        backend.Dispose();
    }

    private protected static StoreWrite Write(WriteKind kind, string ns, string name, long? expected = null, string body = "x", GroupResource? resource = null) =>
        new(kind, resource ?? Services, ns, name, expected, rv => new EncodedObject(Encoding.UTF8.GetBytes($"{{\"rv\":{rv},\"b\":\"{body}\"}}"), Attrs));

    private static readonly ObjectAttributes Attrs = new(ObjectAttributes.NoLabels, ObjectAttributes.NoLabels);

    private protected static string Text(byte[] json) => Encoding.UTF8.GetString(json);

    [Fact]
    public void An_empty_backend_loads_nothing_at_revision_zero()
    {
        var state = Open().Load();
        Assert.Equal(0, state.Revision);
        Assert.Empty(state.Objects);
        Assert.Empty(state.Changes);
    }

    [Fact]
    public void Each_committed_write_gets_the_next_revision_and_is_encoded_with_it()
    {
        var backend = Open();
        backend.Load();
        var results = backend.Commit([Write(WriteKind.Create, "default", "a"), Write(WriteKind.Create, "default", "b")]);
        Assert.Equal([1L, 2L], results.Select(r => r.Revision));
        Assert.Equal("{\"rv\":2,\"b\":\"x\"}", Text(results[1].Value!.Json));
        var next = backend.Commit([Write(WriteKind.Update, "default", "a", 1, "y")]);
        Assert.Equal(3, Assert.Single(next).Revision);
    }

    [Fact]
    public void Preconditions_fail_each_write_alone_and_the_rest_of_the_batch_commits()
    {
        var backend = Open();
        backend.Load();
        backend.Commit([Write(WriteKind.Create, "default", "a")]);
        var results = backend.Commit(
        [
            Write(WriteKind.Create, "default", "a"),
            Write(WriteKind.Update, "default", "missing"),
            Write(WriteKind.Delete, "default", "missing"),
            Write(WriteKind.Update, "default", "a", expected: 7, "stale"),
            Write(WriteKind.Create, "default", "b"),
        ]);
        Assert.Equal(
            [StorageErrorCode.KeyExists, StorageErrorCode.NotFound, StorageErrorCode.NotFound, StorageErrorCode.Conflict],
            results.Take(4).Select(r => Assert.IsType<StorageException>(r.Error).Code));
        Assert.True(results[4].Succeeded);
        Assert.Equal(2, results[4].Revision);
    }

    [Fact]
    public void Preconditions_see_the_earlier_writes_of_the_same_batch()
    {
        var backend = Open();
        backend.Load();
        var results = backend.Commit(
        [
            Write(WriteKind.Create, "default", "a"),
            Write(WriteKind.Create, "default", "a"),
            Write(WriteKind.Update, "default", "a", expected: 1, "y"),
            Write(WriteKind.Delete, "default", "a", expected: 2),
            Write(WriteKind.Update, "default", "a"),
        ]);
        Assert.True(results[0].Succeeded);
        Assert.Equal(StorageErrorCode.KeyExists, Assert.IsType<StorageException>(results[1].Error).Code);
        Assert.Equal((true, 2L), (results[2].Succeeded, results[2].Revision));
        Assert.Equal((true, 3L), (results[3].Succeeded, results[3].Revision));
        Assert.Equal(StorageErrorCode.NotFound, Assert.IsType<StorageException>(results[4].Error).Code);
    }

    [Fact]
    public void A_failing_encoder_fails_only_its_own_write_and_takes_no_revision()
    {
        var backend = Open();
        backend.Load();
        var bad = new StoreWrite(WriteKind.Create, Services, "default", "bad", null, _ => throw new InvalidOperationException("boom"));
        var results = backend.Commit([bad, Write(WriteKind.Create, "default", "good")]);
        Assert.Equal("boom", Assert.IsType<InvalidOperationException>(results[0].Error).Message);
        Assert.Equal(1, results[1].Revision);
    }

    [Fact]
    public void Everything_committed_is_loaded_again_after_a_reopen_under_its_group_and_resource()
    {
        var backend = Open();
        backend.Load();
        backend.Commit([Write(WriteKind.Create, "default", "web"), Write(WriteKind.Create, "default", "WEB"), Write(WriteKind.Create, "", "cluster-wide")]);
        backend.Commit([Write(WriteKind.Create, "kube-node-lease", "web", resource: Leases)]);
        backend.Commit([Write(WriteKind.Update, "default", "web", 1, "y"), Write(WriteKind.Delete, "", "cluster-wide")]);
        Close(backend);

        var state = Open().Load();
        Assert.Equal(6, state.Revision);
        Assert.Equal(
            [(Leases, "kube-node-lease", "web", 4L), (Services, "default", "WEB", 2L), (Services, "default", "web", 5L)],
            state.Objects.Select(o => (o.Resource, o.Namespace, o.Name, o.Revision)).OrderBy(o => o.Resource.ToString(), StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal));
        Assert.Equal("{\"rv\":5,\"b\":\"y\"}", Text(state.Objects.Single(o => o.Name == "web" && o.Resource == Services).Json));
    }

    [Fact]
    public void Revisions_continue_after_a_reopen()
    {
        var backend = Open();
        backend.Load();
        backend.Commit([Write(WriteKind.Create, "default", "a"), Write(WriteKind.Delete, "default", "a")]);
        Close(backend);
        backend = Open();
        Assert.Equal(2, backend.Load().Revision);
        Assert.Equal(3, Assert.Single(backend.Commit([Write(WriteKind.Create, "default", "a")])).Revision);
    }

    [Fact]
    public void Changes_after_a_revision_come_in_order_with_types_and_previous_states()
    {
        var backend = Open();
        backend.Load();
        backend.Commit([Write(WriteKind.Create, "default", "a")]);
        backend.Commit([Write(WriteKind.Update, "default", "a", 1, "y"), Write(WriteKind.Create, "default", "b")]);
        backend.Commit([Write(WriteKind.Delete, "default", "a", body: "last")]);
        var changes = backend.ChangesAfter(1)!;
        Assert.Equal([(StoreEventType.Modified, 2L), (StoreEventType.Added, 3L), (StoreEventType.Deleted, 4L)],
            changes.Select(c => (c.Type, c.Object.Revision)));
        Assert.Equal((1L, "{\"rv\":1,\"b\":\"x\"}"), (changes[0].Previous!.Revision, Text(changes[0].Previous!.Json)));
        Assert.Null(changes[1].Previous);
        // A deletion carries the last state stamped with the deletion's revision, and the state before it.
        Assert.Equal("{\"rv\":4,\"b\":\"last\"}", Text(changes[2].Object.Json));
        Assert.Equal(2, changes[2].Previous!.Revision);
        Assert.Empty(backend.ChangesAfter(4)!);
    }

    [Fact]
    public void Retained_changes_survive_a_reopen()
    {
        var backend = Open();
        backend.Load();
        backend.Commit([Write(WriteKind.Create, "default", "a")]);
        backend.Commit([Write(WriteKind.Update, "default", "a", 1, "y")]);
        Close(backend);
        backend = Open();
        var state = backend.Load();
        Assert.Equal([1L, 2L], state.Changes.Select(c => c.Object.Revision));
        Assert.Equal([2L], backend.ChangesAfter(1)!.Select(c => c.Object.Revision));
    }

    [Fact]
    public void Changes_older_than_the_retained_window_are_refused()
    {
        var backend = Open(retainedChanges: 100);
        backend.Load();
        for (var i = 0; i < 2100; i++)
        {
            backend.Commit([Write(WriteKind.Create, "default", "s" + i)]);
        }
        Assert.Null(backend.ChangesAfter(1000));
        Assert.Equal(100, backend.ChangesAfter(2000)!.Count);
        Close(backend);
        backend = Open(retainedChanges: 100);
        var state = backend.Load();
        Assert.Equal(2001L, state.Changes[0].Object.Revision);
        Assert.Null(backend.ChangesAfter(1999));
    }
}
