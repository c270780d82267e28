using DevBot.Jobs;
using DevBot.Llm;
using DevBot.Projects;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DevBot.Data;

/// <summary>
/// The application database. The schema itself is owned by the versioned SQL under Data/Migrations;
/// this model maps onto it with snake_case names. Feature folders add their own entities through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes, picked up from this assembly.
/// </summary>
public sealed class DevBotDbContext(DbContextOptions<DevBotDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectTask> ProjectTasks => Set<ProjectTask>();
    public DbSet<ProjectFile> ProjectFiles => Set<ProjectFile>();
    public DbSet<ProjectEvent> ProjectEvents => Set<ProjectEvent>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<LlmCall> LlmCalls => Set<LlmCall>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>().ToTable("users");
        modelBuilder.Entity<ApiKey>().ToTable("api_keys");
        modelBuilder.Entity<Project>().ToTable("projects");
        modelBuilder.Entity<ProjectTask>().ToTable("project_tasks");
        modelBuilder.Entity<ProjectFile>().ToTable("project_files");
        modelBuilder.Entity<ProjectEvent>().ToTable("project_events");
        modelBuilder.Entity<Job>().ToTable("jobs");
        modelBuilder.Entity<LlmCall>().ToTable("llm_calls");
        // Relationships are declared so EF orders inserts the way the schema's foreign keys require.
        modelBuilder.Entity<ApiKey>().HasOne<User>().WithMany().HasForeignKey(k => k.UserId);
        modelBuilder.Entity<Project>().HasOne<User>().WithMany().HasForeignKey(p => p.UserId);
        modelBuilder.Entity<ProjectTask>().HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId);
        modelBuilder.Entity<ProjectFile>().HasOne<Project>().WithMany().HasForeignKey(f => f.ProjectId);
        modelBuilder.Entity<ProjectEvent>().HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId);
        modelBuilder.Entity<Job>().HasOne<Project>().WithMany().HasForeignKey(j => j.ProjectId);
        modelBuilder.Entity<Job>().HasOne<User>().WithMany().HasForeignKey(j => j.UserId);
        modelBuilder.Entity<LlmCall>().HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId);
        modelBuilder.Entity<LlmCall>().HasOne<User>().WithMany().HasForeignKey(c => c.UserId);
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
