using System.Collections.Concurrent;
using System.Threading.Channels;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace MiniApiServer.EndToEnd;

/// <summary>
/// Leader election between replicas, as the official C# client does it (k8s.LeaderElection in KubernetesClient 21.0.8),
/// against the real server process: three electors with their own clients and identities race for one Lease.
/// The library reads the Lease (GET), creates it when it is missing (POST; the losers get 409 AlreadyExists) and
/// renews or takes it over with a replace (PUT) carrying the resourceVersion it read, so it relies on the server
/// answering 409 Conflict to all but one of the electors that replace from the same version. It never patches.
/// </summary>
public sealed class LeaderElectionTests(RunningServer fixture) : IClassFixture<RunningServer>, IDisposable
{
    private const string LeaseName = "mini-leader";

    // The library does not check these (client-go requires LeaseDuration > RenewDeadline > JitterFactor * RetryPeriod);
    // they keep that order so a renewal never races the expiry the other electors compute.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(400);

    private static readonly TimeSpan ElectionWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan TakeoverWait = LeaseDuration + TimeSpan.FromSeconds(12);

    private readonly Kubernetes _client = Client.For(fixture.Server);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Three_electors_agree_on_one_leader_that_keeps_renewing_the_lease()
    {
        var ns = await NewNamespaceAsync();
        await using var election = Election.Start(fixture.Server, ns, ["a", "b", "c"]);

        var leader = await election.NextLeaderAsync(ElectionWait);
        foreach (var elector in election.Electors)
        {
            // OnNewLeader reports the first leader an elector observes, its own identity included.
            await elector.ObservedLeaderAsync(leader.Identity, ElectionWait);
        }

        var lease = await ReadLeaseAsync(ns);
        Assert.Equal(leader.Identity, lease.Spec.HolderIdentity);
        Assert.Equal((int)LeaseDuration.TotalSeconds, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(0, lease.Spec.LeaseTransitions);
        // Several renewals (one per RetryPeriod) fall between two reads a second apart: renewTime moves forward,
        // the holder and acquireTime stay, and each renewal is a new resourceVersion.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var renewed = await ReadLeaseAsync(ns);
            Assert.Equal(leader.Identity, renewed.Spec.HolderIdentity);
            Assert.Equal(lease.Spec.AcquireTime, renewed.Spec.AcquireTime);
            Assert.True(renewed.Spec.RenewTime > lease.Spec.RenewTime,
                $"renewTime did not move: {lease.Spec.RenewTime:O} then {renewed.Spec.RenewTime:O}\n{election.Describe()}");
            Assert.NotEqual(lease.Metadata.ResourceVersion, renewed.Metadata.ResourceVersion);
            lease = renewed;
        }

        election.AssertNoOtherLeader();
        await election.StopAllAsync();
    }

    [Fact]
    public async Task When_the_leader_stops_a_survivor_takes_over_after_the_lease_expires()
    {
        var ns = await NewNamespaceAsync();
        await using var election = Election.Start(fixture.Server, ns, ["a", "b", "c"]);
        var first = await election.NextLeaderAsync(ElectionWait);
        // A leader that has renewed a few times, not one stopped before its first renewal.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = await ReadLeaseAsync(ns);
        Assert.Equal(first.Identity, before.Spec.HolderIdentity);
        Assert.True(before.Spec.RenewTime > before.Spec.AcquireTime + RetryPeriod,
            $"{first.Identity} has not renewed: acquired {before.Spec.AcquireTime:O}, renewed {before.Spec.RenewTime:O}\n{election.Describe()}");

        var stopped = election.Electors.Single(e => e.Identity == first.Identity);
        await stopped.StopAsync();

        // LeaderElector has no ReleaseOnCancel (client-go's option that clears holderIdentity on the way out): a
        // cancelled leader leaves the Lease as it last renewed it, and the others must wait for it to expire.
        var abandoned = await ReadLeaseAsync(ns);
        Assert.Equal(first.Identity, abandoned.Spec.HolderIdentity);
        var lastRenewal = new DateTimeOffset(abandoned.Spec.RenewTime!.Value);

        var next = await election.NextLeaderAsync(TakeoverWait);
        Assert.NotEqual(first.Identity, next.Identity);
        // An elector counts LeaseDuration from the moment it first saw the last renewal, which is after it was written.
        Assert.True(next.At >= lastRenewal + LeaseDuration,
            $"{next.Identity} took over at {next.At:O}, before the lease renewed at {lastRenewal:O} expired\n{election.Describe()}");

        var taken = await ReadLeaseAsync(ns);
        Assert.Equal(next.Identity, taken.Spec.HolderIdentity);
        Assert.Equal(before.Spec.LeaseTransitions + 1, taken.Spec.LeaseTransitions);
        Assert.True(taken.Spec.AcquireTime > before.Spec.AcquireTime,
            $"acquireTime did not move: {before.Spec.AcquireTime:O} then {taken.Spec.AcquireTime:O}");
        var other = election.Electors.Single(e => e.Identity != first.Identity && e.Identity != next.Identity);
        await other.ObservedLeaderAsync(next.Identity, ElectionWait);

        // The takeover is settled: the new leader goes on renewing and the other survivor stays a follower.
        await Task.Delay(LeaseDuration);
        var settled = await ReadLeaseAsync(ns);
        Assert.Equal(next.Identity, settled.Spec.HolderIdentity);
        Assert.True(settled.Spec.RenewTime > taken.Spec.RenewTime, $"the new leader does not renew\n{election.Describe()}");
        election.AssertNoOtherLeader();
        await election.StopAllAsync();
    }

    /// <summary>
    /// What keeps two electors from both taking an expired lease, made deterministic: the election above races only
    /// when two survivors happen to decide within one round trip of each other.
    /// </summary>
    [Fact]
    public async Task Of_two_lease_locks_writing_from_the_same_read_only_the_first_wins()
    {
        var ns = await NewNamespaceAsync();
        using var clientA = Client.For(fixture.Server);
        using var clientB = Client.For(fixture.Server);
        var lockA = new LeaseLock(clientA, ns, LeaseName, "a");
        var lockB = new LeaseLock(clientB, ns, LeaseName, "b");
        var refusals = new ConcurrentQueue<V1Status>();
        lockB.OnHttpError += e => refusals.Enqueue(Client.StatusOf(e));
        var now = DateTime.UtcNow;

        Assert.True(await lockA.CreateAsync(Record("a", now, transitions: 0)));
        Assert.False(await lockB.CreateAsync(Record("b", now, transitions: 0)), "b created the lease a had created");

        await lockA.GetAsync();
        await lockB.GetAsync();
        Assert.True(await lockA.UpdateAsync(Record("a", now.AddSeconds(1), transitions: 0)));
        Assert.False(await lockB.UpdateAsync(Record("b", now.AddSeconds(1), transitions: 1)), "b replaced the lease from a read that a's write made stale");

        Assert.Equal(["AlreadyExists", "Conflict"], refusals.Select(s => s.Reason));
        Assert.All(refusals, s => Assert.Equal(409, s.Code));
        var lease = await ReadLeaseAsync(ns);
        Assert.Equal(("a", 0), (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions));
    }

    private static LeaderElectionRecord Record(string holder, DateTime at, int transitions) => new()
    {
        HolderIdentity = holder,
        LeaseDurationSeconds = (int)LeaseDuration.TotalSeconds,
        AcquireTime = at,
        RenewTime = at,
        LeaderTransitions = transitions,
    };

    private async Task<string> NewNamespaceAsync()
    {
        var name = "election-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    private Task<V1Lease> ReadLeaseAsync(string ns) => _client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns);

    private sealed record Leadership(string Identity, DateTimeOffset At);

    /// <summary>Electors for one Lease, and what they report: who started leading when, and whether two ever led at once.</summary>
    private sealed class Election : IAsyncDisposable
    {
        private readonly Channel<Leadership> _started = Channel.CreateUnbounded<Leadership>();
        private readonly ConcurrentQueue<string> _overlaps = new();
        private int _leading;

        private Election(ServerProcess server, string ns, IEnumerable<string> identities) =>
            Electors = identities.Select(identity => new Elector(server, ns, identity, this)).ToList();

        public IReadOnlyList<Elector> Electors { get; }

        public static Election Start(ServerProcess server, string ns, IEnumerable<string> identities)
        {
            var election = new Election(server, ns, identities);
            foreach (var elector in election.Electors)
            {
                elector.Start();
            }
            return election;
        }

        public void StartedLeading(string identity)
        {
            if (Interlocked.Increment(ref _leading) > 1)
            {
                _overlaps.Enqueue(identity);
            }
            _started.Writer.TryWrite(new Leadership(identity, DateTimeOffset.UtcNow));
        }

        public void StoppedLeading() => Interlocked.Decrement(ref _leading);

        /// <summary>The next elector to start leading, in the order OnStartedLeading fired.</summary>
        public async Task<Leadership> NextLeaderAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                return await _started.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no elector started leading within {timeout}\n{Describe()}");
            }
        }

        public void AssertNoOtherLeader()
        {
            Assert.False(_started.Reader.TryRead(out var extra), $"{extra?.Identity} also started leading\n{Describe()}");
            Assert.True(_overlaps.IsEmpty, $"two electors led at once ({string.Join(", ", _overlaps)} started while another led)\n{Describe()}");
        }

        /// <summary>Stops every elector; fails when one does not end within its bound.</summary>
        public Task StopAllAsync() => Task.WhenAll(Electors.Select(e => e.StopAsync()));

        public string Describe() => string.Join('\n', Electors.Select(e => e.Describe()));

        /// <summary>
        /// The safety net when the test failed before <see cref="StopAllAsync"/>: cancels everything and waits, bounded,
        /// without throwing, so the test reports its own failure rather than this one.
        /// </summary>
        public async ValueTask DisposeAsync() => await Task.WhenAll(Electors.Select(e => e.DisposeAsync().AsTask()));
    }

    /// <summary>One replica: its own client, LeaseLock and LeaderElector, run until cancelled.</summary>
    private sealed class Elector : IAsyncDisposable
    {
        private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

        private readonly CancellationTokenSource _stop = new();
        private readonly Kubernetes _client;
        private readonly LeaderElector _elector;
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _observedLeaders = new();
        private readonly ConcurrentQueue<string> _errors = new();
        private Task _run = Task.CompletedTask;

        public Elector(ServerProcess server, string ns, string identity, Election election)
        {
            Identity = identity;
            _client = Client.For(server);
            var leaseLock = new LeaseLock(_client, ns, LeaseName, identity);
            // Losing a race is an HTTP error the lock swallows: 409 AlreadyExists on create, 409 Conflict on replace.
            leaseLock.OnHttpError += e => _errors.Enqueue($"HTTP {(int)e.Response.StatusCode}: {e.Response.Content}");
            _elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
            {
                LeaseDuration = LeaseDuration,
                RenewDeadline = RenewDeadline,
                RetryPeriod = RetryPeriod,
            });
            _elector.OnStartedLeading += () => election.StartedLeading(identity);
            _elector.OnStoppedLeading += election.StoppedLeading;
            _elector.OnNewLeader += leader => ObservedLeader(leader).TrySetResult();
            _elector.OnError += e => _errors.Enqueue($"{e.GetType().Name}: {e.Message}");
        }

        public string Identity { get; }

        public void Start() => _run = _elector.RunAndTryToHoldLeadershipForeverAsync(_stop.Token);

        public async Task ObservedLeaderAsync(string leader, TimeSpan timeout)
        {
            try
            {
                await ObservedLeader(leader).Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{Identity} did not report {leader} as the new leader within {timeout}\n{Describe()}");
            }
        }

        /// <summary>Cancels the run and waits for it to end: as canceled when a delay saw the token, completed otherwise.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(StopWait);
            }
            catch (OperationCanceledException)
            {
                // The way a cancelled elector usually ends.
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{Identity} did not stop within {StopWait} of its cancellation\n{Describe()}");
            }
        }

        /// <summary>State and errors, the same error counted once: a refused write repeats every RetryPeriod.</summary>
        public string Describe() =>
            $"{Identity}: run {_run.Status}, leader {_elector.GetLeader() ?? "unknown"}, errors:"
            + string.Concat(_errors.GroupBy(e => e).Select(g => $"\n  {g.Count()} x {g.Key}"));

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync();
            }
            catch (Exception)
            {
                // Whatever ended the run is reported by StopAllAsync when the test gets that far; here only the cleanup
                // is owed, and throwing would hide the test's own failure.
            }
            _elector.Dispose();
            _client.Dispose();
            _stop.Dispose();
        }

        private TaskCompletionSource ObservedLeader(string leader) =>
            _observedLeaders.GetOrAdd(leader, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
