namespace Img2Dataset.Engine.Policy;

/// <summary>
/// Parses a Structured Field Dictionary (RFC 9651 §4.2.2) strictly, as the AI-preference vocabulary requires: a
/// value that does not parse yields nothing (every preference unknown). Only what a preference needs is kept: each
/// key's Token value (null for any other type of value), the last of a repeated key winning; parameters and inner
/// lists are parsed and dropped (vocabulary §5.5, "disregarding any parameters").
/// </summary>
public static class StructuredFieldDictionary
{
    /// <summary>The members, key → Token value or null; null when <paramref name="field"/> is not a valid Dictionary.</summary>
    public static IReadOnlyDictionary<string, string?>? Parse(string field)
    {
        var parser = new Cursor(field);
        parser.SkipSpaces();
        var members = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            while (!parser.AtEnd)
            {
                var key = parser.Key();
                string? token = null;
                if (parser.TryTake('='))
                {
                    token = parser.Peek == '(' ? parser.InnerList() : parser.Item();
                }
                else
                {
                    parser.Parameters();
                }
                members[key] = token;
                parser.SkipWhitespace();
                if (parser.AtEnd)
                {
                    break;
                }
                parser.Expect(',');
                parser.SkipWhitespace();
                if (parser.AtEnd)
                {
                    throw new FormatException("trailing comma");
                }
            }
        }
        catch (FormatException)
        {
            return null;
        }
        return members;
    }

    /// <summary>A reading position in the field; each method consumes one production of RFC 9651 §4.2 or throws.</summary>
    private sealed class Cursor(string text)
    {
        private int at;

        public bool AtEnd => at >= text.Length;
        public char Peek => AtEnd ? '\0' : text[at];

        public void SkipSpaces()
        {
            while (Peek == ' ')
            {
                at++;
            }
        }

        public void SkipWhitespace()
        {
            while (Peek is ' ' or '\t')
            {
                at++;
            }
        }

        public bool TryTake(char c)
        {
            if (Peek != c || AtEnd)
            {
                return false;
            }
            at++;
            return true;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw new FormatException($"expected '{c}' at {at}");
            }
        }

        /// <summary>§4.2.3.3: lcalpha or "*", then lcalpha, digits, "_", "-", ".", "*".</summary>
        public string Key()
        {
            if (!(Peek is (>= 'a' and <= 'z') or '*'))
            {
                throw new FormatException("key");
            }
            var start = at;
            while (Peek is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.' or '*')
            {
                at++;
            }
            return text[start..at];
        }

        /// <summary>An Item (§4.2.3): a bare item and its parameters; the bare item's text when it is a Token.</summary>
        public string? Item()
        {
            var token = BareItem();
            Parameters();
            return token;
        }

        /// <summary>§4.2.1.2: an inner list is never a Token, so its value is null.</summary>
        public string? InnerList()
        {
            Expect('(');
            while (true)
            {
                SkipSpaces();
                if (TryTake(')'))
                {
                    Parameters();
                    return null;
                }
                Item();
                if (!(Peek is ' ' or ')'))
                {
                    throw new FormatException("inner list");
                }
            }
        }

        /// <summary>§4.2.3.2: any number of ";key[=bare-item]".</summary>
        public void Parameters()
        {
            while (TryTake(';'))
            {
                SkipSpaces();
                Key();
                if (TryTake('='))
                {
                    BareItem();
                }
            }
        }

        /// <summary>§4.2.3.1; returns the Token's text, null for the other types.</summary>
        private string? BareItem()
        {
            switch (Peek)
            {
                case '-' or (>= '0' and <= '9'):
                    Number();
                    return null;
                case '"':
                    QuotedString();
                    return null;
                case (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '*':
                    return Token();
                case ':':
                    ByteSequence();
                    return null;
                case '?':
                    at++;
                    if (!(TryTake('0') || TryTake('1')))
                    {
                        throw new FormatException("boolean");
                    }
                    return null;
                case '@':
                    at++;
                    Number();
                    return null;
                case '%':
                    at++;
                    DisplayString();
                    return null;
                default:
                    throw new FormatException("bare item");
            }
        }

        /// <summary>§4.2.4: at most 15 integer digits, or at most 12 before a "." and 1 to 3 after.</summary>
        private void Number()
        {
            TryTake('-');
            var integer = Digits();
            if (integer == 0 || integer > 15)
            {
                throw new FormatException("integer");
            }
            if (TryTake('.'))
            {
                var fraction = Digits();
                if (integer > 12 || fraction is 0 or > 3)
                {
                    throw new FormatException("decimal");
                }
            }
        }

        private int Digits()
        {
            var start = at;
            while (Peek is >= '0' and <= '9')
            {
                at++;
            }
            return at - start;
        }

        /// <summary>§4.2.5: printable ASCII, with only \" and \\ as escapes.</summary>
        private void QuotedString()
        {
            Expect('"');
            while (!AtEnd)
            {
                var c = text[at++];
                if (c == '"')
                {
                    return;
                }
                if (c == '\\' && !(TryTake('"') || TryTake('\\')))
                {
                    throw new FormatException("escape");
                }
                if (c is < ' ' or > '~')
                {
                    throw new FormatException("string character");
                }
            }
            throw new FormatException("unterminated string");
        }

        /// <summary>§4.2.6: ALPHA or "*", then tchar, ":" and "/".</summary>
        private string Token()
        {
            var start = at++;
            while (!AtEnd && (IsTChar(text[at]) || text[at] is ':' or '/'))
            {
                at++;
            }
            return text[start..at];
        }

        private static bool IsTChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

        /// <summary>§4.2.7: base64 between colons.</summary>
        private void ByteSequence()
        {
            Expect(':');
            while (char.IsAsciiLetterOrDigit(Peek) || Peek is '+' or '/' or '=')
            {
                at++;
            }
            Expect(':');
        }

        /// <summary>§4.2.10: %"…" with lower-case percent escapes.</summary>
        private void DisplayString()
        {
            Expect('"');
            while (!AtEnd)
            {
                var c = text[at++];
                if (c == '"')
                {
                    return;
                }
                if (c == '%' && !(IsLowerHex(Peek) && (++at > 0) && IsLowerHex(Peek) && (++at > 0)))
                {
                    throw new FormatException("display string escape");
                }
                if (c is < ' ' or > '~')
                {
                    throw new FormatException("display string character");
                }
            }
            throw new FormatException("unterminated display string");
        }

        private static bool IsLowerHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f');
    }
}
