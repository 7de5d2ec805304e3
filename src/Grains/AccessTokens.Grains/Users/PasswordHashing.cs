using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccessTokens.Users;

/// <summary>
/// Where a silo computes password hashes: a few dedicated threads of the lowest scheduling priority (nice 19 on Linux),
/// <see cref="ThrottlingOptions.PasswordHashingConcurrency"/> of them, fed by a short queue. A hash takes tens of
/// milliseconds of CPU by design; run on the thread pool, a spray of wrong passwords from many addresses would take the
/// cores from every check of an access token. Here it takes what the checks leave, and an attempt that finds the queue
/// full, or waits too long, is answered at once without hashing (<see cref="RunAsync{T}"/> gives <c>null</c>).
/// </summary>
public sealed class PasswordHashing : IPasswordHashingLoad, IDisposable
{
    private const int LowestPriority = 19;

    private readonly BlockingCollection<Work> queue = new(new ConcurrentQueue<Work>());
    private readonly int capacity;
    private readonly long maxWait;
    private readonly ILogger<PasswordHashing> logger;
    private int admitted;

    public PasswordHashing(IOptions<ThrottlingOptions> options, ILogger<PasswordHashing> logger)
    {
        this.logger = logger;
        var settings = options.Value;
        Concurrency = settings.PasswordHashingConcurrency > 0 ? settings.PasswordHashingConcurrency : Math.Max(1, Environment.ProcessorCount / 4);
        capacity = Concurrency + settings.PasswordHashingQueue;
        maxWait = (long)(settings.PasswordHashingWait.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < Concurrency; i++)
        {
            // Thread names are cut to 15 characters on Linux: "password-hash-0" fits.
            new Thread(Run) { IsBackground = true, Name = $"password-hash-{i}" }.Start();
        }
    }

    /// <summary>How many hashes run at once.</summary>
    public int Concurrency { get; }

    /// <summary>Password attempts hashing or waiting for a hashing thread now.</summary>
    public int InFlight => Volatile.Read(ref admitted);

    /// <inheritdoc />
    public bool IsFull => InFlight >= capacity;

    /// <summary>
    /// Runs <paramref name="hash"/> on a hashing thread, or gives <c>null</c> at once when every thread is busy and the
    /// queue is full, or later when the attempt waited longer than allowed: the caller answers "busy, retry".
    /// </summary>
    public Task<T?> RunAsync<T>(Func<T> hash)
        where T : struct
    {
        if (Interlocked.Increment(ref admitted) > capacity)
        {
            Interlocked.Decrement(ref admitted);
            Log.PasswordHashingBusy(logger, "every hashing thread is busy and the queue is full");
            return Task.FromResult<T?>(null);
        }

        var work = new Work<T>(hash, Stopwatch.GetTimestamp());
        queue.Add(work);
        return work.Result.Task;
    }

    /// <inheritdoc />
    public void Dispose() => queue.CompleteAdding();

    private void Run()
    {
        LowerPriority();
        foreach (var work in queue.GetConsumingEnumerable())
        {
            try
            {
                if (Stopwatch.GetTimestamp() - work.Queued > maxWait)
                {
                    Log.PasswordHashingBusy(logger, "the attempt waited too long for a hashing thread");
                    work.Refuse();
                }
                else
                {
                    work.Run();
                }
            }
            finally
            {
                Interlocked.Decrement(ref admitted);
            }
        }
    }

    private void LowerPriority()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // On Linux a nice value set for a thread id applies to that thread only.
                if (SetPriority(0, GetThreadId(), LowestPriority) != 0)
                {
                    Log.PriorityNotLowered(logger, $"setpriority failed with errno {Marshal.GetLastPInvokeError()}");
                }
            }
            else
            {
                Thread.CurrentThread.Priority = ThreadPriority.Lowest;
            }
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException or PlatformNotSupportedException)
        {
            Log.PriorityNotLowered(logger, exception.Message);
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    private abstract class Work(long queued)
    {
        public long Queued { get; } = queued;

        public abstract void Run();

        public abstract void Refuse();
    }

    private sealed class Work<T>(Func<T> hash, long queued) : Work(queued)
        where T : struct
    {
        // Continuations leave the hashing thread at once: they run on the calling grain's scheduler.
        public TaskCompletionSource<T?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run()
        {
            try
            {
                Result.SetResult(hash());
            }
            catch (Exception exception)
            {
                Result.SetException(exception);
            }
        }

        public override void Refuse() => Result.SetResult(null);
    }
}
