using System.Net;
using Img2Dataset.Engine.Fetch;

namespace Img2Dataset.Engine.Tests.Fetch;

public class PrivateNetworkTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.10.0.3", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:169.254.169.254", true)]
    [InlineData("::127.0.0.1", true)]
    [InlineData("::10.0.0.1", true)]
    [InlineData("64:ff9b::127.0.0.1", true)]
    [InlineData("64:ff9b::169.254.169.254", true)]
    [InlineData("64:ff9b:1::8.8.8.8", true)]
    [InlineData("2002:7f00:1::", true)]
    [InlineData("2002:c0a8:101::1", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("239.255.255.250", true)]
    [InlineData("240.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("198.19.255.254", true)]
    [InlineData("192.0.2.1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("64:ff9b::8.8.8.8", false)]
    [InlineData("2002:808:808::", false)]
    [InlineData("198.20.0.1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("100.128.0.1", false)]
    [InlineData("2606:4700:4700::1111", false)]
    public void ClassifiesAddresses(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, PrivateNetwork.Contains(IPAddress.Parse(address)));
}

public class UserAgentTests
{
    [Fact]
    public void TheTokenIsAppendedLowerCased() => Assert.Equal(
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:72.0) Gecko/20100101 Firefox/72.0 (compatible; img2dataset; +https://github.com/rom1504/img2dataset)",
        UserAgent.For(" Img2Dataset "));

    [Fact]
    public void NoTokenLeavesTheBrowserString() => Assert.Equal(UserAgent.Browser, UserAgent.For(null));
}
