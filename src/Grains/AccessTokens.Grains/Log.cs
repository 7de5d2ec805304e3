using Microsoft.Extensions.Logging;

namespace AccessTokens;

/// <summary>Log messages shared by all grains.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning,
        Message = "Activation of {Grain} abandoned: a call it made while activating was rejected ({Reason}); its requests go to a new activation")]
    public static partial void ActivationAbandoned(ILogger logger, GrainId grain, string reason);
}
