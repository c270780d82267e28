using DevBot.Projects;

namespace DevBot.Telegram.Texts;

/// <summary>
/// The names of the bot's texts. Each one exists in every language file (<c>Telegram/Texts/*.json</c>) with the
/// same placeholders: a test holds every language to the English one.
/// </summary>
public static class TextKey
{
    public const string StartWelcome = "start.welcome";
    public const string StartWelcomeBack = "start.welcome_back";
    public const string StartIntro = "start.intro";
    public const string Help = "help";
    public const string SmallTalkGreeting = "small_talk.greeting";
    public const string SmallTalkExample = "small_talk.example";
    public const string DescriptionTooShort = "description.too_short";
    public const string DescriptionTooLong = "description.too_long";
    public const string AskForDescription = "ask_for_description";
    public const string TextOnly = "text_only";
    public const string UnknownCommand = "unknown_command";
    public const string SlowDown = "slow_down";
    public const string SomethingWentWrong = "something_went_wrong";
    public const string YourBalance = "your_balance";
    public const string DraftRequested = "draft.requested";
    public const string DraftOffered = "draft.offered";
    public const string DraftStale = "draft.stale";
    public const string DraftDropped = "draft.dropped";
    public const string TooManyBuilds = "builds.too_many";
    public const string BuildCancelled = "build.cancelled";
    public const string BuildStopping = "build.stopping";
    public const string BuildAlreadyFinished = "build.already_finished";
    public const string BuildNotFound = "build.not_found";
    public const string BuildNotYours = "build.not_yours";
    public const string BuildHasNoZip = "build.no_zip";
    public const string CancelNothing = "cancel.nothing";
    public const string PlanNone = "plan.none";
    public const string PlanHeading = "plan.heading";
    public const string PlanTask = "plan.task";
    public const string StatusInProgress = "status.in_progress";
    public const string StatusNothingRunning = "status.nothing_running";
    public const string ProjectsNone = "projects.none";
    public const string ProjectsHeading = "projects.heading";
    public const string ProjectsItem = "projects.item";
    public const string ApiKeyIssued = "apikey.issued";
    public const string LinkHow = "link.how";
    public const string LinkLinked = "link.linked";
    public const string LinkAlready = "link.already";
    public const string LinkElsewhere = "link.elsewhere";
    public const string LinkInvalid = "link.invalid";
    public const string CreditsUsed = "credits.used";
    public const string CreditsUnused = "credits.unused";
    public const string CreditsBuyMore = "credits.buy_more";
    public const string BuyUnavailable = "buy.unavailable";
    public const string BuyPacks = "buy.packs";
    public const string BuyPackLine = "buy.pack_line";
    public const string BuyUnknownPack = "buy.unknown_pack";
    public const string InvoiceTitle = "invoice.title";
    public const string InvoiceDescription = "invoice.description";
    public const string InvoicePriceLabel = "invoice.price_label";
    public const string PaymentNotOurs = "payment.not_ours";
    public const string PaymentOfferChanged = "payment.offer_changed";
    public const string PaymentReceived = "payment.received";
    public const string PaymentUnmatched = "payment.unmatched";
    public const string PaymentRefundedToBuyer = "payment.refunded";
    public const string ContinueContinued = "continue.continued";
    public const string ContinueNeedsCredits = "continue.needs_credits";
    public const string ContinueNotPaused = "continue.not_paused";
    public const string AdminDenied = "admin.denied";
    public const string AdminUsage = "admin.usage";
    public const string AdminStats = "admin.stats";
    public const string AdminNoPayments = "admin.no_payments";
    public const string AdminPaymentsHeading = "admin.payments_heading";
    public const string AdminPaymentLine = "admin.payment_line";
    public const string AdminRefundedPaymentLine = "admin.refunded_payment_line";
    public const string AdminRefunded = "admin.refunded";
    public const string AdminAlreadyRefunded = "admin.already_refunded";
    public const string AdminRefundRefused = "admin.refund_refused";
    public const string AdminNoSuchPayment = "admin.no_such_payment";
    public const string ProgressEstimate = "progress.estimate";
    public const string ProgressQueuedAt = "progress.queued_at";
    public const string ProgressQueued = "progress.queued";
    public const string ProgressPlanning = "progress.planning";
    public const string ProgressImplementing = "progress.implementing";
    public const string ProgressTesting = "progress.testing";
    public const string ProgressDocumenting = "progress.documenting";
    public const string ProgressPackaging = "progress.packaging";
    public const string ProgressCompleted = "progress.completed";
    public const string ProgressFailed = "progress.failed";
    public const string ProgressCancelled = "progress.cancelled";
    public const string ProgressAwaitingCredits = "progress.awaiting_credits";
    public const string TaskApproved = "task.approved";
    public const string TaskRejected = "task.rejected";
    public const string TaskRetrying = "task.retrying";
    public const string ZipCaption = "zip.caption";
    public const string NotePlanReady = "note.plan_ready";
    public const string NoteTaskStarted = "note.task_started";
    public const string NoteApproved = "note.approved";
    public const string NoteApprovedBecause = "note.approved_because";
    public const string NoteRejected = "note.rejected";
    public const string NoteTestsRan = "note.tests_ran";
    public const string NoteChecksFound = "note.checks_found";
    public const string NoteFixRound = "note.fix_round";
    public const string VerificationPassed = "verification.passed";
    public const string VerificationFailed = "verification.failed";
    public const string VerificationFailedReason = "verification.failed_reason";
    public const string VerificationNotRun = "verification.not_run";
    public const string NoteRetrying = "note.retrying";
    public const string NoteResumed = "note.resumed";
    public const string AnnounceFailed = "announce.failed";
    public const string AnnouncePaused = "announce.paused";
    public const string AnnouncePausedReason = "announce.paused_reason";
    public const string FailureTask = "failure.task";
    public const string FailureReviewerSaid = "failure.reviewer_said";
    public const string FailureModelUnavailable = "failure.model_unavailable";
    public const string FailureInterrupted = "failure.interrupted";
    public const string FailureRemoved = "failure.removed";
    public const string FailureUnknown = "failure.unknown";
    public const string FailureOther = "failure.other";
    public const string ArchiveTooLarge = "archive.too_large";
    public const string ArchiveUseApi = "archive.use_api";
    public const string ArchiveLink = "archive.link";
    public const string ArchiveLinkText = "archive.link_text";
    public const string ButtonCancelBuild = "button.cancel_build";
    public const string ButtonContinue = "button.continue";
    public const string ButtonBuyCredits = "button.buy_credits";
    public const string ButtonCancel = "button.cancel";
    public const string ButtonArchitectDecides = "button.architect_decides";
    public const string ButtonBuyPack = "button.buy_pack";
    public const string ButtonZip = "button.zip";
    public const string ButtonPlan = "button.plan";
    public const string AnswerSlowDown = "answer.slow_down";
    public const string AnswerNoLongerCurrent = "answer.no_longer_current";
    public const string AnswerUnknownChoice = "answer.unknown_choice";
    public const string AnswerQueued = "answer.queued";
    public const string AnswerDropped = "answer.dropped";
    public const string AnswerCreditPacks = "answer.credit_packs";
    public const string AnswerInvoice = "answer.invoice";
    public const string AnswerCancelled = "answer.cancelled";
    public const string AnswerStopping = "answer.stopping";
    public const string AnswerAlreadyFinished = "answer.already_finished";
    public const string AnswerNotFound = "answer.not_found";
    public const string AnswerSendingZip = "answer.sending_zip";
    public const string AnswerNoZip = "answer.no_zip";
    public const string AnswerPlan = "answer.plan";
    public const string AnswerUnsupported = "answer.unsupported";
    public const string AnswerContinuing = "answer.continuing";
    public const string AnswerCreditsNeeded = "answer.credits_needed";
    public const string AnswerNotPaused = "answer.not_paused";
    public const string CommandNew = "command.new";
    public const string CommandBuild = "command.build";
    public const string CommandStatus = "command.status";
    public const string CommandProjects = "command.projects";
    public const string CommandHistory = "command.history";
    public const string CommandCancel = "command.cancel";
    public const string CommandCredits = "command.credits";
    public const string CommandBuy = "command.buy";
    public const string CommandApiKey = "command.apikey";
    public const string CommandLink = "command.link";
    public const string CommandHelp = "command.help";

    public const string ProjectStatusQueued = "project_status.queued";
    public const string ProjectStatusPlanning = "project_status.planning";
    public const string ProjectStatusImplementing = "project_status.implementing";
    public const string ProjectStatusTesting = "project_status.testing";
    public const string ProjectStatusDocumenting = "project_status.documenting";
    public const string ProjectStatusPackaging = "project_status.packaging";
    public const string ProjectStatusCompleted = "project_status.completed";
    public const string ProjectStatusFailed = "project_status.failed";
    public const string ProjectStatusCancelled = "project_status.cancelled";
    public const string ProjectStatusAwaitingCredits = "project_status.awaiting_credits";
    public const string TaskStatusPending = "task_status.pending";
    public const string TaskStatusInProgress = "task_status.in_progress";
    public const string TaskStatusApproved = "task_status.approved";
    public const string TaskStatusRejected = "task_status.rejected";
    public const string TaskStatusFailed = "task_status.failed";

    /// <summary>The word for a build's status.</summary>
    public static string Of(ProjectStatus status) => status switch
    {
        ProjectStatus.Queued => ProjectStatusQueued,
        ProjectStatus.Planning => ProjectStatusPlanning,
        ProjectStatus.Implementing => ProjectStatusImplementing,
        ProjectStatus.Testing => ProjectStatusTesting,
        ProjectStatus.Documenting => ProjectStatusDocumenting,
        ProjectStatus.Packaging => ProjectStatusPackaging,
        ProjectStatus.Completed => ProjectStatusCompleted,
        ProjectStatus.Failed => ProjectStatusFailed,
        ProjectStatus.Cancelled => ProjectStatusCancelled,
        ProjectStatus.AwaitingCredits => ProjectStatusAwaitingCredits,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The word for a step's status.</summary>
    public static string Of(ProjectTaskStatus status) => status switch
    {
        ProjectTaskStatus.Pending => TaskStatusPending,
        ProjectTaskStatus.InProgress => TaskStatusInProgress,
        ProjectTaskStatus.Approved => TaskStatusApproved,
        ProjectTaskStatus.Rejected => TaskStatusRejected,
        ProjectTaskStatus.Failed => TaskStatusFailed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
