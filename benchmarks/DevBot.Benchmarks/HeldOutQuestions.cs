namespace DevBot.Benchmarks;

/// <summary>
/// Questions written for the local-embedding measurement and never used to tune anything (not the fusion weights,
/// not the chunker): each is answered by any chunk of the files listed (checked by reading the code). Phrased as
/// a user or a task would ask, mostly in words that are not the code's identifiers.
/// </summary>
internal static class HeldOutQuestions
{
    /// <summary>About src/DevBot (paths relative to it): parts the older hand-written set does not ask about.</summary>
    public static readonly (string Question, string[] Files)[] DevBot =
    [
        ("How do we make sure a payment notification really comes from the payment provider?", ["Billing/Stripe/StripeSignature.cs", "Billing/Stripe/StripeWebhook.cs"]),
        ("Where does a new account get its starting balance?", ["Billing/Ledger/InitialCreditsGrant.cs"]),
        ("How is the price of one model call turned into credits, and how is it rounded?", ["Billing/CreditMath.cs"]),
        ("Where are chat messages held back so that one conversation gets at most one message per second?", ["Telegram/Outbox/SendRateLimiter.cs"]),
        ("How is a long formatted message cut into pieces the messenger accepts?", ["Telegram/BotApi/HtmlSplitter.cs"]),
        ("How does the bot avoid acting twice on an update it already received?", ["Telegram/Persistence/ProcessedUpdate.cs", "Telegram/Updates/UpdateDispatcher.cs"]),
        ("Where is someone slowed down when they send too many chat messages in a minute?", ["Telegram/Conversation/MessageRateLimiter.cs"]),
        ("Where is the download link for an archive too big to attach signed and checked?", ["Telegram/Delivery/ArchiveLinks.cs"]),
        ("How is only one of several processes chosen to talk to the messenger?", ["Telegram/TelegramLeadership.cs", "Telegram/LeaderLoop.cs"]),
        ("How are the counters and histograms written in the text format a scraper reads?", ["Observability/PrometheusExporter.cs"]),
        ("Where is the expected total cost of a build guessed once the plan is known?", ["Billing/CostControl/BuildCostEstimator.cs"]),
        ("Where does a build that ran out of money continue after the user buys more?", ["Billing/CostControl/PausedBuilds.cs"]),
        ("How are very long source files cut into overlapping windows?", ["Retrieval/Chunking/ChunkPlanner.cs"]),
        ("Where are comments and string literals blanked out before braces are counted?", ["Retrieval/Chunking/SourceMasker.cs"]),
        ("How are identifiers written in camel case broken into words for search?", ["Retrieval/Lexical/TermSplitter.cs"]),
        ("Where are several ranked result lists merged into one?", ["Retrieval/Search/ReciprocalRankFusion.cs"]),
        ("How does the repository outline decide which signatures still fit its token allowance?", ["Retrieval/Symbols/RepoMap.cs"]),
        ("Where is the importance of each file computed from which files use the names it defines?", ["Retrieval/Symbols/SymbolGraph.cs"]),
        ("How is the health of the job queue reported to the readiness probe?", ["Health/QueueHealthCheck.cs"]),
        ("Where is a record kept of every manual change an administrator makes to someone's credits?", ["Billing/Audit/AuditTrail.cs"]),
        ("How is what a user spent summarised per model?", ["Billing/Usage/UsageReports.cs"]),
        ("How is the list of credit bundles for sale read from its name:credits:price format?", ["Billing/Stripe/CreditPack.cs"]),
        ("Where are the bundled model prices copied into the database on first start?", ["Billing/Pricing/PriceListSeeding.cs", "Billing/Pricing/SeedPriceList.cs"]),
        ("How is a build's failure reason rewritten for someone who is not a developer?", ["Telegram/Delivery/FailureExplainer.cs"]),
        ("Where are text chunks turned into vectors by a model running inside the process?", ["Retrieval/Embeddings/Local/MiniLmModel.cs", "Retrieval/Embeddings/Local/LocalEmbeddingProvider.cs"]),
    ];

    /// <summary>
    /// About the top-level modules of Python 3.11's standard library (<c>/usr/lib/python3.11/*.py</c>, copied to a
    /// folder of their own): code nobody here wrote, whose answers do not move.
    /// </summary>
    public static readonly (string Question, string[] Files)[] PythonStdlib =
    [
        ("How are close matches to a misspelled word found among a list of words?", ["difflib.py"]),
        ("How is the difference between two texts shown as a unified diff?", ["difflib.py"]),
        ("Where is a paragraph re-flowed to fit a given line width?", ["textwrap.py"]),
        ("How is a shell-like command line split into words, respecting quotes?", ["shlex.py"]),
        ("Where is a temporary directory created and removed again afterwards?", ["tempfile.py"]),
        ("How is the hash of a whole file computed piece by piece?", ["hashlib.py"]),
        ("Where are dates and times parsed from ISO 8601 strings?", ["datetime.py"]),
        ("How are the median and the standard deviation of a sample computed?", ["statistics.py"]),
        ("Where are files copied together with their permission bits and timestamps?", ["shutil.py"]),
        ("How are binary data encoded as base64 text?", ["base64.py"]),
        ("How are file names matched against wildcard patterns such as *.txt?", ["fnmatch.py", "glob.py"]),
        ("Where is an INI configuration file with sections read?", ["configparser.py"]),
        ("How is the delimiter of a CSV file guessed from a sample?", ["csv.py"]),
        ("How are e-mail messages sent through a mail server after logging in?", ["smtplib.py"]),
        ("Where is a random sample drawn without replacement?", ["random.py"]),
        ("How are fractions reduced to lowest terms?", ["fractions.py"]),
        ("Where is a priority queue kept as a binary heap?", ["heapq.py"]),
        ("How is an item inserted into a sorted list so that it stays sorted?", ["bisect.py"]),
        ("Where are objects serialized to bytes and restored later?", ["pickle.py", "copyreg.py"]),
        ("How are the members of a ZIP archive read and extracted?", ["zipfile.py"]),
        ("How is a compressed tar archive written?", ["tarfile.py"]),
        ("Where are command line options with help texts declared and parsed?", ["argparse.py", "optparse.py", "getopt.py"]),
        ("How is a deep copy of nested objects made?", ["copy.py"]),
        ("Where is a unique identifier built from random bytes?", ["uuid.py"]),
        ("How does the code wait until one of several sockets can be read?", ["selectors.py"]),
        ("Where are environment variables and the home directory expanded in a file path?", ["posixpath.py"]),
        ("How is a number formatted with the thousands separator of the user's language settings?", ["locale.py"]),
        ("How does the program start a child process with a timeout and collect what it printed?", ["subprocess.py"]),
        ("Where is a mapping kept whose values may disappear once nothing else refers to them?", ["weakref.py"]),
        ("How are the fields of a data class turned into a generated constructor?", ["dataclasses.py"]),
        ("Where is an enumeration member looked up by its value?", ["enum.py"]),
        ("How is a function's result cached, dropping the least recently used entries?", ["functools.py"]),
    ];
}
