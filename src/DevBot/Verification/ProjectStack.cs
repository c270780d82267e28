namespace DevBot.Verification;

/// <summary>The kind of project, as far as running and checking it goes.</summary>
public enum ProjectStack
{
    Unknown,
    Python,
    Node,
    DotNet,
    Go,
}

/// <summary>What runs a project's tests; decides how their output is read.</summary>
public enum TestFramework
{
    /// <summary>No tests: only the compile/syntax check runs.</summary>
    None,
    Unittest,
    Pytest,

    /// <summary><c>node --test</c> (TAP output).</summary>
    NodeTest,

    /// <summary>The package.json test script (jest, mocha, vitest, node --test…).</summary>
    NpmTest,
    DotnetTest,
    GoTest,

    /// <summary>A command the architect's plan set; its output is read with every known format.</summary>
    Explicit,
}
