using ICU4N.Text;

namespace DevBot.Shared;

/// <summary>
/// Unicode normal form C. DevBot runs with invariant globalization (no ICU needed on the host), and there
/// <see cref="string.Normalize()"/> returns its input unchanged; ICU4N carries its own Unicode data.
/// </summary>
public static class UnicodeNormalization
{
    private static readonly Normalizer2 Nfc = Normalizer2.NFCInstance;

    /// <summary>The NFC form of well-formed UTF-16 text (refuse lone surrogates before calling).</summary>
    public static string ToNfc(string text) => Nfc.IsNormalized(text) ? text : Nfc.Normalize(text);
}
