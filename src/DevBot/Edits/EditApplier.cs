using DevBot.Shared;

namespace DevBot.Edits;

/// <summary>
/// Applies a model's edits in order to a set of files. Each block applies whole or not at all: a failed block
/// leaves its file as the blocks before it left it, later blocks still try, applied blocks stay. Each file is read
/// once and, if it changed, written once at the end. Deterministic, so a build rebuilt from stored answers gets the
/// same files.
/// </summary>
public static class EditApplier
{
    /// <summary>Applies the edits read from an answer; the blocks the parser could not use come first in the failures.</summary>
    public static EditReport Apply(IEditableFiles files, ParsedEdits parsed, int maxFileBytes)
    {
        var report = Apply(files, parsed.Edits, maxFileBytes);
        return parsed.Problems.Count == 0 ? report : report with { Failed = [.. parsed.Problems, .. report.Failed] };
    }

    public static EditReport Apply(IEditableFiles files, IReadOnlyList<FileEdit> edits, int maxFileBytes)
    {
        var session = new Session(files, maxFileBytes);
        foreach (var edit in edits)
        {
            session.Apply(edit);
        }

        return session.Finish();
    }

    /// <summary>One apply: the files as the blocks so far left them, and what became of each block.</summary>
    private sealed class Session(IEditableFiles files, int maxFileBytes)
    {
        private readonly Dictionary<string, FileRead> _originals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);
        private readonly List<string> _created = [];
        private readonly List<AppliedEdit> _applied = [];
        private readonly List<AppliedEdit> _alreadyApplied = [];
        private readonly List<FailedEdit> _failed = [];

        public void Apply(FileEdit edit)
        {
            if (!_originals.TryGetValue(edit.Path, out var original))
            {
                original = files.Read(edit.Path);
                _originals[edit.Path] = original;
            }

            if (original.Refusal is { } refusal)
            {
                _failed.Add(new FailedEdit(edit.Path, refusal, Edit: edit));
                return;
            }

            var content = _current.GetValueOrDefault(edit.Path) ?? original.Content;
            var outcome = edit switch
            {
                FileEdit.WholeFile whole => WholeFile(content, whole),
                FileEdit.SearchReplace searchReplace when string.IsNullOrWhiteSpace(searchReplace.Search) => CreateOrAppend(content, searchReplace),
                FileEdit.SearchReplace searchReplace when content is null => new BlockOutcome.Refused(MissingFile(searchReplace.Path)),
                FileEdit.SearchReplace searchReplace => SearchReplaceLadder.Apply(
                    edit.Path, FileLines.Parse(content), FileLines.SplitBlock(searchReplace.Search), FileLines.SplitBlock(searchReplace.Replace)),
                _ => new BlockOutcome.Refused($"Unknown edit for {edit.Path}."),
            };

            switch (outcome)
            {
                case BlockOutcome.Changed changed:
                    Accept(edit, content, changed.File.Render(), changed.Match);
                    break;
                case BlockOutcome.AlreadyThere already:
                    _alreadyApplied.Add(new AppliedEdit(edit, already.Match));
                    break;
                case BlockOutcome.Refused refused:
                    _failed.Add(new FailedEdit(edit.Path, refused.Reason, refused.DidYouMean, edit));
                    break;
            }
        }

        public EditReport Finish()
        {
            var changed = new List<string>();
            foreach (var (path, content) in _current)
            {
                if (content == _originals[path].Content)
                {
                    continue;
                }

                if (files.Write(path, content) is { } writeError)
                {
                    var lost = _applied.Where(a => a.Path == path).ToList();
                    _applied.RemoveAll(a => a.Path == path);
                    _failed.AddRange(lost.Select(a => new FailedEdit(path, writeError, Edit: a.Edit)));
                    continue;
                }

                changed.Add(path);
            }

            changed.Sort(StringComparer.Ordinal);
            return new EditReport(_applied, _alreadyApplied, _failed, changed);
        }

        private void Accept(FileEdit edit, string? before, string after, EditMatch match)
        {
            if (after == before)
            {
                _alreadyApplied.Add(new AppliedEdit(edit, match));
                return;
            }

            var problem = Utf8Text.FitsIn(after, maxFileBytes) ? null : $"{edit.Path} would be larger than the {maxFileBytes / 1024} KB limit for one file; split it into smaller files.";
            problem ??= after.Contains('\0', StringComparison.Ordinal) ? $"{edit.Path} would contain NUL characters; only text files can be written." : null;
            problem ??= before is null ? files.RefuseNewFile(edit.Path, _created) : null;
            if (problem is not null)
            {
                _failed.Add(new FailedEdit(edit.Path, problem, Edit: edit));
                return;
            }

            if (before is null)
            {
                _created.Add(edit.Path);
            }

            _current[edit.Path] = after;
            _applied.Add(new AppliedEdit(edit, match));
        }

        private string MissingFile(string path)
        {
            var collision = files.RefuseNewFile(path, _created);
            return $"SEARCH/REPLACE for {path}: the file does not exist; send its whole content as a file block, or use an empty SEARCH to create it."
                + (collision is null ? string.Empty : " " + collision);
        }
    }

    /// <summary>A whole-file block; an existing CRLF file keeps CRLF.</summary>
    private static BlockOutcome WholeFile(string? current, FileEdit.WholeFile edit)
    {
        var content = current is null ? edit.Content : FileLines.Parse(current).InFileStyle(edit.Content);
        return current == content
            ? new BlockOutcome.AlreadyThere(EditMatch.WholeFile)
            : new BlockOutcome.Changed(FileLines.Parse(content), EditMatch.WholeFile);
    }

    /// <summary>
    /// An empty SEARCH: creates a missing file; on an existing file it appends the REPLACE (as Aider does), unless
    /// the file already ends with it — so a block applied once is not appended twice.
    /// </summary>
    private static BlockOutcome CreateOrAppend(string? current, FileEdit.SearchReplace edit)
    {
        // Here a final newline only ends the last line: the text is what goes at the end of the file.
        var text = edit.Replace.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = FileLines.SplitBlock(text.EndsWith('\n') ? text[..^1] : text);
        if (current is null)
        {
            return new BlockOutcome.Changed(FileLines.Parse(string.Concat(lines.Select(l => l + "\n"))), EditMatch.Created);
        }

        var file = FileLines.Parse(current);
        var endsWithIt = lines.Length <= file.Count
            && lines.Select((line, j) => line.TrimEnd() == file.Text[file.Count - lines.Length + j].TrimEnd()).All(same => same);
        return lines.All(string.IsNullOrWhiteSpace) || endsWithIt
            ? new BlockOutcome.AlreadyThere(EditMatch.Appended)
            : new BlockOutcome.Changed(file.Append(lines), EditMatch.Appended);
    }
}
