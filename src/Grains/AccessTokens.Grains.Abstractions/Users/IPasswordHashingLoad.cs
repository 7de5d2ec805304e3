namespace AccessTokens.Users;

/// <summary>
/// How busy this process's password hashing threads are, for a front end hosted in the silo: when they and their queue
/// are full, a password attempt is answered "busy" before its user's grain is activated or its record read.
/// </summary>
public interface IPasswordHashingLoad
{
    /// <summary>True when every hashing thread is busy and the queue is full: the next attempt would be refused.</summary>
    bool IsFull { get; }
}
