using DevBot.Storage;

namespace DevBot.Tests.Storage;

public sealed class ObjectKeysTests
{
    [Fact]
    public void Project_objects_share_a_prefix_and_keys_outside_the_safe_shape_are_refused()
    {
        var id = Guid.Parse("0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

        ObjectKeys.ForProject(id, "v2.zip").ShouldBe("projects/0196a1b2c3d47e5f8a9b0c1d2e3f4a5b/v2.zip");
        Should.Throw<ArgumentException>(() => ObjectKeys.ForProject(id, "../v2.zip"));
        ObjectKeys.IsValid(new string('a', ObjectKeys.MaxLength + 1)).ShouldBeFalse();
        ObjectKeys.IsValid("projects/x/archive zip").ShouldBeFalse();
    }
}
