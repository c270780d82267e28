namespace DevBot.Pipeline;

/// <summary>
/// Stops a task that is going round in circles: the same rejection <c>LOOP_STOP_REPEATS</c> times in a row (the
/// model cannot satisfy the reviewer), or the same edit rejected for the same reason that often (neither side moves).
/// An unchanged resubmission with an explanation is reviewed again, and counts only if the same rejection comes back.
/// </summary>
internal sealed class LoopStop(int repeats)
{
    private string? _lastEdit;
    private int _sameRejections;
    private int _sameEditRejections;

    public string? LastFeedback { get; private set; }

    /// <summary>Whether this edit is the one the previous attempt submitted.</summary>
    public bool IsSameEdit(string fingerprint) => fingerprint == _lastEdit;

    /// <summary>Records a rejection; returns what repeated (for the failure message) when the task must stop, else null.</summary>
    public string? Record(string editFingerprint, string feedback)
    {
        var sameFeedback = feedback == LastFeedback;
        _sameRejections = sameFeedback ? _sameRejections + 1 : 1;
        _sameEditRejections = sameFeedback && editFingerprint == _lastEdit ? _sameEditRejections + 1 : 1;
        _lastEdit = editFingerprint;
        LastFeedback = feedback;
        if (_sameEditRejections >= repeats)
        {
            return "the same edit with the same rejection";
        }

        return _sameRejections >= repeats ? "the same rejection" : null;
    }
}
