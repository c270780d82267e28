using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DevBot.Billing.Ledger;

/// <summary>
/// <c>users.credits</c> belongs to the ledger's database trigger: an update of a user through EF (a rename, a
/// whole-entity <c>Update</c>) never writes the balance back, so a stale in-memory value cannot overwrite it.
/// </summary>
internal sealed class UserBalanceConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder) =>
        builder.Property(u => u.Credits).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
}
