using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DevBot.Data;

/// <summary>
/// The application database. The schema itself is owned by the versioned SQL under Data/Migrations;
/// this model maps onto it with snake_case names. Every feature folder maps its own entities through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes, picked up from this assembly, and reaches them with
/// <c>Set&lt;T&gt;()</c>: the context names no feature's types, so Data depends on no feature.
/// </summary>
public sealed class DevBotDbContext(DbContextOptions<DevBotDbContext> options) : DbContext(options)
{
    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DevBotDbContext).Assembly);

        var utc = new ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcNullable = new ValueConverter<DateTime?, DateTime?>(
            v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCaseNames.From(property.Name));
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(utcNullable);
                }
                else if ((Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is { IsEnum: true } enumType)
                {
                    // EF applies a converter of the underlying enum to nullable properties too, passing nulls through.
                    property.SetValueConverter((ValueConverter)Activator.CreateInstance(
                        typeof(SnakeCaseEnumConverter<>).MakeGenericType(enumType))!);
                }
                else if (property.ClrType == typeof(decimal) && !IsPostgres)
                {
                    // SQLite has no decimal: TEXT keeps every digit (REAL would round credits).
                    property.SetValueConverter(new ValueConverter<decimal, string>(
                        v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        v => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCaseNames.From(key.GetName() ?? key.GetDefaultName() ?? "pk"));
            }
        }
    }
}

/// <summary>Stores enums as their snake_case names ("in_progress"), the same words the API uses.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => SnakeCaseNames.From(v.ToString()),
    v => Enum.Parse<TEnum>(v.Replace("_", string.Empty, StringComparison.Ordinal), true))
    where TEnum : struct, Enum;
