using DevBot.Data;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DevBot.Billing.Ledger;

/// <summary>Gives every new user <c>INITIAL_CREDITS</c>, as a ledger grant in the transaction that creates the user.</summary>
internal sealed class InitialCreditsGrant(IOptions<BillingOptions> options) : INewUserHook
{
    public void OnUserCreated(DevBotDbContext db, User user, DateTime now)
    {
        var credits = CreditMath.RoundCredits(options.Value.InitialCredits);
        if (credits <= 0)
        {
            return;
        }

        db.Set<CreditTransaction>().Add(new CreditTransaction
        {
            UserId = user.Id,
            Kind = CreditTransactionKind.Grant,
            AmountMicros = CreditAmount.ToMicros(credits),
            Description = "Welcome credits",
            CreatedAt = now,
        });

        // The database trigger sets the stored balance; once saved, the caller's User object shows it too
        // (as an unmodified value, so a later save does not write it back).
        void OnSaved(object? sender, SavedChangesEventArgs e)
        {
            Detach();
            var balance = db.Entry(user).Property(u => u.Credits);
            balance.CurrentValue = credits;
            balance.OriginalValue = credits;
            balance.IsModified = false;
        }

        void OnFailed(object? sender, SaveChangesFailedEventArgs e) => Detach();

        void Detach()
        {
            db.SavedChanges -= OnSaved;
            db.SaveChangesFailed -= OnFailed;
        }

        db.SavedChanges += OnSaved;
        db.SaveChangesFailed += OnFailed;
    }
}
