using DevBot.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace DevBot.Tests.Data;

public sealed class DatabaseOptionsTests
{
    private static ResolvedDatabase Resolve(string? url, string dataDirectory = "data") => ResolvedDatabase.From(url, dataDirectory);

    private static NpgsqlConnectionStringBuilder Npgsql(ResolvedDatabase database)
    {
        database.Provider.ShouldBe(DatabaseProvider.Postgres);
        return new NpgsqlConnectionStringBuilder(database.ConnectionString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_database_url_means_a_sqlite_file_under_the_data_directory(string? url)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "devbot-data-" + Guid.NewGuid().ToString("N"));

        var database = Resolve(url, dataDirectory);

        database.Provider.ShouldBe(DatabaseProvider.Sqlite);
        database.ConnectionString.ShouldContain($"Data Source={Path.Combine(dataDirectory, "devbot.db")}");
    }

    [Fact]
    public void A_relative_data_directory_becomes_an_absolute_sqlite_path()
    {
        var database = Resolve(null, "data");

        database.ConnectionString.ShouldContain($"Data Source={Path.GetFullPath(Path.Combine("data", "devbot.db"))}");
    }

    [Theory]
    [InlineData("Data Source=/var/lib/devbot/app.db")]
    [InlineData("data source=app.db;Cache=Shared")]
    [InlineData("DataSource=app.db")]
    [InlineData("Filename=app.db")]
    public void A_sqlite_connection_string_is_used_as_given(string url)
    {
        var database = Resolve("  " + url + " ");

        database.Provider.ShouldBe(DatabaseProvider.Sqlite);
        database.ConnectionString.ShouldBe(url);
    }

    [Fact]
    public void A_sqlite_url_names_the_file()
    {
        var database = Resolve("sqlite:///var/lib/devbot/app.db");

        database.Provider.ShouldBe(DatabaseProvider.Sqlite);
        database.ConnectionString.ShouldContain("Data Source=/var/lib/devbot/app.db");
    }

    [Fact]
    public void A_postgres_url_with_an_escaped_password_port_and_options_becomes_an_npgsql_connection()
    {
        var builder = Npgsql(Resolve("postgres://devbot:p%40ss%3Aw0rd@db.internal:5433/devbot_prod?sslmode=require"));

        builder.Host.ShouldBe("db.internal");
        builder.Port.ShouldBe(5433);
        builder.Database.ShouldBe("devbot_prod");
        builder.Username.ShouldBe("devbot");
        builder.Password.ShouldBe("p@ss:w0rd");
        builder.SslMode.ShouldBe(SslMode.Require);
    }

    [Fact]
    public void A_postgresql_url_without_a_port_uses_5432()
    {
        var builder = Npgsql(Resolve("postgresql://u@localhost/app"));

        builder.Host.ShouldBe("localhost");
        builder.Port.ShouldBe(5432);
        builder.Database.ShouldBe("app");
        builder.Username.ShouldBe("u");
        builder.Password.ShouldBeNull();
    }

    [Fact]
    public void Postgres_url_options_with_underscores_map_to_npgsql_keywords()
    {
        var builder = Npgsql(Resolve("postgres://u:p@h/db?application_name=devbot&sslmode=disable"));

        builder.ApplicationName.ShouldBe("devbot");
        builder.SslMode.ShouldBe(SslMode.Disable);
    }

    [Theory]
    [InlineData("Host=db;Port=5433;Username=u;Password=secret;Database=app")]
    [InlineData("Server=db;User Id=u;Password=secret;Database=app")]
    public void An_npgsql_connection_string_is_used_as_given(string url)
    {
        var database = Resolve(url);

        database.Provider.ShouldBe(DatabaseProvider.Postgres);
        database.ConnectionString.ShouldBe(url);
    }

    [Theory]
    [InlineData("mysql://root:hunter2@db/app")]
    [InlineData("hunter2")]
    [InlineData("redis://:hunter2@cache:6379")]
    public void A_database_url_that_is_not_understood_is_refused_with_a_clear_error_that_does_not_echo_it(string url)
    {
        var failure = Should.Throw<DevBot.Shared.StartupException>(() => Resolve(url));

        failure.Message.ShouldContain("DATABASE_URL");
        failure.Message.ShouldContain("postgres://");
        failure.Message.ShouldNotContain("hunter2");
    }

    [Theory]
    [InlineData("postgres://u:hunter2@db:notaport/app")]
    [InlineData("postgres://u:hunter2@db/app?no_such_option=1")]
    public void A_malformed_postgres_url_is_refused_with_a_clear_error_that_does_not_echo_the_password(string url)
    {
        var failure = Should.Throw<DevBot.Shared.StartupException>(() => Resolve(url));

        failure.Message.ShouldContain("DATABASE_URL");
        failure.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Redacted_hides_the_postgres_password_and_keeps_the_rest()
    {
        var database = Resolve("postgres://devbot:p%40ss@db.internal:5433/app?sslmode=require");

        database.Redacted.ShouldNotContain("p@ss");
        database.Redacted.ShouldNotContain("Password", Case.Insensitive);
        var redacted = new NpgsqlConnectionStringBuilder(database.Redacted);
        redacted.Host.ShouldBe("db.internal");
        redacted.Username.ShouldBe("devbot");
        redacted.Database.ShouldBe("app");
    }

    [Fact]
    public void Redacted_hides_the_password_of_an_npgsql_connection_string()
    {
        Resolve("Host=db;Username=u;Password=hunter2;Database=app").Redacted.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Redacted_sqlite_connection_string_is_the_connection_string()
    {
        var database = Resolve("Data Source=app.db");

        database.Redacted.ShouldBe("Data Source=app.db");
    }

    [Fact]
    public void The_options_bind_from_database_url_and_devbot_data_dir()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = "postgres://u:p@h/db",
            ["DEVBOT_DATA_DIR"] = "/srv/devbot",
            ["DATABASE_MIGRATE_ON_START"] = "false",
        }).Build();
        var options = new DatabaseOptions();

        configuration.Bind(options);

        options.DataDirectory.ShouldBe("/srv/devbot");
        options.MigrateOnStart.ShouldBeFalse();
        options.Resolve().Provider.ShouldBe(DatabaseProvider.Postgres);
    }
}
