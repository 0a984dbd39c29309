@testable import HPOKit
import Testing

@Suite struct ShellLineScannerTests {
    func contexts(_ line: String) -> [ShellLineScanner.Context] {
        ShellLineScanner(line).sites.map(\.context)
    }

    @Test func eachPlaceholderGetsTheQuotingAroundIt() {
        #expect(contexts(#"a {{x}} "{{x}}" '{{x}}' --o="a{{x}}" --o='{{x}}' --o={{x}} # {{x}}"#)
            == [.unquoted, .doubleQuoted, .singleQuoted, .doubleQuoted, .singleQuoted, .unquoted, .comment])
        // A quote inside the other kind is a plain character; `#` inside a word starts no comment.
        #expect(contexts(#"a "it's {{x}}" 'say "{{x}}"' a#{{x}} "\"{{x}}""#)
            == [.doubleQuoted, .singleQuoted, .unquoted, .doubleQuoted])
    }

    @Test func substitutionsHeredocsAndEscapesAreRefused() {
        let refused = contexts("a $(b \"{{x}}\") `{{x}}` ${y:-{{x}}} \\{{x}} \"\\{{x}}\" ${{x}} $'{{x}}' {{x}} <<-E\n\t{{x}}\n\tE\n{{x}}")
        #expect(refused.count == 10)
        #expect(refused.prefix(7).allSatisfy { if case .refused = $0 { true } else { false } })
        #expect(refused[7] == .unquoted)
        #expect(refused[8] == .refused("inside a here-document"))
        #expect(refused[9] == .unquoted)
    }

    @Test func wordsHaveTheirRoles() {
        let words = ShellLineScanner("X=1 python3 train.py --data=d < in.csv > out 2>&1 && ./run \"q\" $V; cd sub")
            .words.map { "\($0.text):\($0.role):\($0.isPlain)" }
        #expect(words == [
            "X=1:assignment:true", "python3:command:true", "train.py:argument:true", "--data=d:argument:true",
            "in.csv:input:true", "out:otherRedirection:true", "1:otherRedirection:true", "./run:command:true",
            "\"q\":argument:false", "$V:argument:false", "cd:command:true", "sub:argument:true",
        ])
    }

    @Test func anUnclosedQuoteIsReported() {
        #expect(ShellLineScanner("a 'b").unclosed?.what == "a ' quote")
        #expect(ShellLineScanner("a \"b").unclosed?.offset == 2)
        #expect(ShellLineScanner("a $(b").unclosed?.what == "a $( substitution")
        #expect(ShellLineScanner("a 'b' \"c\"").unclosed == nil)
    }
}
