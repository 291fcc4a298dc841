import Foundation
import Testing
@testable import CoachworkCore

/// Minimal independent decoders used to round-trip what MIMEWriter produces.
private enum Decode {
    /// Splits a rendered message into unfolded header fields and the raw body.
    static func split(_ message: String) -> (headers: [(name: String, value: String)], body: String) {
        let end = message.range(of: "\r\n\r\n")!
        let block = message[..<end.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
        let headers = block.components(separatedBy: "\r\n").map { line in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...].dropFirst()))
        }
        return (headers, String(message[end.upperBound...]))
    }

    static func header(_ message: String, _ name: String) -> String {
        split(message).headers.first { $0.name.lowercased() == name.lowercased() }!.value
    }

    /// RFC 2047 decoding: each word must be valid UTF-8 alone; space between adjacent words is dropped.
    static func words(_ value: String) -> String {
        var out = "", previousEncoded = false
        for (i, token) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if token.hasPrefix("=?UTF-8?B?"), token.hasSuffix("?="), token.count <= 75 {
                let b64 = token.dropFirst(10).dropLast(2)
                let text = String(validating: Data(base64Encoded: String(b64))!, as: UTF8.self)!
                out += (i > 0 && !previousEncoded ? " " : "") + text
                previousEncoded = true
            } else {
                out += (i > 0 ? " " : "") + token
                previousEncoded = false
            }
        }
        return out
    }

    /// One mailbox: `addr`, `Name <addr>`, `"quoted" <addr>` or `=?..?= <addr>`.
    static func mailbox(_ s: String) -> (name: String?, email: String) {
        guard s.hasSuffix(">"), let lt = s.range(of: " <", options: .backwards) else { return (nil, s) }
        let email = String(s[lt.upperBound...].dropLast())
        let phrase = String(s[..<lt.lowerBound])
        guard phrase.hasPrefix("\"") else { return (words(phrase), email) }
        var name = "", escaped = false
        for c in phrase.dropFirst().dropLast() {
            if escaped || c != "\\" { name.append(c); escaped = false } else { escaped = true }
        }
        return (name, email)
    }

    /// Splits an address list at commas outside quoted-strings.
    static func mailboxes(_ s: String) -> [(name: String?, email: String)] {
        var parts = [""], quoted = false, escaped = false
        for c in s {
            if c == "," && !quoted { parts.append(""); continue }
            if c == "\"" && !escaped { quoted.toggle() }
            escaped = c == "\\" && !escaped
            parts[parts.count - 1].append(c)
        }
        return parts.map { mailbox($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// RFC 2045 §6.7 quoted-printable decoding (soft breaks removed, `=XX` to bytes).
    static func qp(_ s: String) -> String {
        var bytes: [UInt8] = [], input = Array(s.utf8), i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "=") {
                if i + 2 < input.count, input[i + 1] == 13, input[i + 2] == 10 { i += 3; continue }
                if i + 1 == input.count { break }
                bytes.append(UInt8(String(decoding: input[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)!)
                i += 3
            } else { bytes.append(input[i]); i += 1 }
        }
        return String(validating: bytes, as: UTF8.self)!
    }

    /// Body parts of a multipart message as (headers, encoded content).
    static func parts(_ message: String, boundary: String) -> [(headers: String, content: String)] {
        let body = "\r\n" + split(message).body
        let pieces = body.components(separatedBy: "\r\n--" + boundary)
        #expect(pieces.first == "" && pieces.last == "--\r\n")
        return pieces.dropFirst().dropLast().map { piece in
            #expect(piece.hasPrefix("\r\n"))
            let piece = piece.dropFirst()  // "\r\n" is one Character
            let end = piece.range(of: "\r\n\r\n")!
            return (String(piece[..<end.lowerBound]), String(piece[end.upperBound...]))
        }
    }

    static func crlf(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    static func boundary(_ message: String) -> String {
        let ct = header(message, "Content-Type")
        return String(ct[ct.range(of: "boundary=\"")!.upperBound...].dropLast())
    }
}

private let names: [String] = [
    "Jane Doe", "Doe, Jane", "a;b", #"Say "hi" \ now"#, "J. R. R. Tolkien", "O'Brien (Coach) <x@y>", "José Núñez",
    "محمد بن عبد الله الهاشمي القرشي", "דוד בן־גוריון", "🚀 Launch Team 👩‍👩‍👧‍👦", "東京 コーチ", "=?UTF-8?B?QQ==?=",
    String(repeating: "Zoë Ångström-Łukasiewicz ", count: 4), "Ann  Lee",
]

private let bodies: [String] = [
    "", "Hello", "Hello\n", "a=b\nc\r\nd\re\n\n", "trailing space \ntab\t\nend ", ".\n.leading dot\nFrom here",
    String(repeating: "x", count: 76), String(repeating: "y", count: 75) + "=", String(repeating: "é🚀 ", count: 60),
    "<p>Hi <b>Zoë</b> — مرحبا — שלום — 👋</p>\n" + String(repeating: "<a href=\"https://e.x/?a=1&b=2\">l</a>", count: 5),
    String(repeating: "a", count: 75) + ".x\n" + String(repeating: "b", count: 75) + "From x",  // wraps onto "." / "From "
]

private func message(subject: String = "Hello", to: [MailAddress] = [MailAddress(name: "Ann", email: "ann@example.com")],
                     text: String = "Hi", html: String? = "<p>Hi</p>", from: MailAddress? = nil,
                     extra: [(name: String, value: String)] = [], attachments: [MailAttachment] = []) -> MailMessage {
    MailMessage(from: from ?? MailAddress(name: "Coachwork", email: "noreply@coachwork.local"), to: to,
                subject: subject, textBody: text, htmlBody: html, messageID: "8f3c@coachwork.local",
                date: Date(timeIntervalSince1970: 1_795_963_035), extraHeaders: extra, attachments: attachments)
}

@Suite struct MIMEWriterTests {
    @Test func rfc5322DateIsUTCWithTruncatedSeconds() {
        #expect(MIMEWriter.rfc5322Date(Date(timeIntervalSince1970: 1_795_963_035)) == "Sun, 29 Nov 2026 14:37:15 +0000")
        #expect(MIMEWriter.rfc5322Date(Date(timeIntervalSince1970: 1_709_175_845.999)) == "Thu, 29 Feb 2024 03:04:05 +0000")
        #expect(MIMEWriter.rfc5322Date(Date(timeIntervalSince1970: -0.5)) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test func encodeHeaderTextLeavesPlainASCIIAndEncodesTheRest() {
        #expect(MIMEWriter.encodeHeaderText("Your plan, week 3: ready!") == "Your plan, week 3: ready!")
        #expect(MIMEWriter.encodeHeaderText("Café") == "=?UTF-8?B?Q2Fmw6k=?=")
        #expect(MIMEWriter.encodeHeaderText("a =?b") == "=?UTF-8?B?YSA9P2I=?=")
        #expect(MIMEWriter.encodeHeaderText("tab\there").hasPrefix("=?UTF-8?B?"))
    }

    @Test(arguments: names + bodies.filter { !$0.isEmpty })
    func encodedWordsRoundTripWithinLimits(_ text: String) {
        let encoded = MIMEWriter.encodeHeaderText(text)
        for word in encoded.split(separator: " ") where encoded != text {
            #expect(word.count <= 75 && word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
        }
        #expect(Decode.words(encoded) == text)
    }

    @Test func encodedWordsDoNotSplitGraphemeClusters() {
        let family = "👩‍👩‍👧‍👦"  // 25 UTF-8 bytes, so only one fits in a 45-byte word
        let words = MIMEWriter.encodeHeaderText(String(repeating: family, count: 5)).split(separator: " ")
        #expect(words.count == 5)
        #expect(words.allSatisfy { Decode.words(String($0)) == family })
    }

    @Test(arguments: bodies)
    func quotedPrintableBodiesRoundTripWithinLimits(_ body: String) {
        for html in [nil, body] as [String?] {
            let out = MIMEWriter.render(message(text: body, html: html), boundary: "b0und")
            let contents = html == nil ? [Decode.split(out).body] : Decode.parts(out, boundary: "b0und").map(\.content)
            for content in contents {
                #expect(Decode.qp(content) == Decode.crlf(body))
                for line in content.components(separatedBy: "\r\n") {
                    #expect(line.count <= 76 && !line.hasSuffix(" ") && !line.hasSuffix("\t"), "\(line)")
                    #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !line.hasPrefix(".") && !line.hasPrefix("From "))
                }
            }
        }
    }

    @Test(arguments: names)
    func displayNamesRoundTripNFC(_ name: String) {
        let to = [MailAddress(name: name, email: "a@example.com"), MailAddress(name: nil, email: "b@example.com")]
        let out = MIMEWriter.render(message(to: to, from: MailAddress(name: name, email: "c@example.com")))
        let from = Decode.mailbox(Decode.header(out, "From"))
        #expect(from.name == name.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces))
        #expect(from.email == "c@example.com")
        let list = Decode.mailboxes(Decode.header(out, "To"))
        #expect(list.map(\.email) == ["a@example.com", "b@example.com"])
        #expect(list.map(\.name) == [from.name, nil])
    }

    @Test func addressSyntaxByKind() {
        func from(_ name: String) -> String { Decode.header(MIMEWriter.render(message(from: .init(name: name, email: "x@y.io"))), "From") }
        #expect(from("Jane Doe") == "Jane Doe <x@y.io>")
        #expect(from("Doe, Jane") == #""Doe, Jane" <x@y.io>"#)
        #expect(from(#"Say "hi" \ now"#) == #""Say \"hi\" \\ now" <x@y.io>"#)
        #expect(from("J. R. Tolkien") == #""J. R. Tolkien" <x@y.io>"#)
        #expect(from("Ann  Lee") == #""Ann  Lee" <x@y.io>"#)
        #expect(from("José") == "=?UTF-8?B?Sm9zw6k=?= <x@y.io>")
        #expect(from("") == "x@y.io")
    }

    @Test func subjectAndNamesAreNFCNormalised() {
        let out = MIMEWriter.render(message(subject: "Jose\u{301}", from: .init(name: "Zoe\u{308}", email: "z@y.io")))
        #expect(Decode.words(Decode.header(out, "Subject")).unicodeScalars.elementsEqual("Jos\u{E9}".unicodeScalars))
        #expect(Decode.mailbox(Decode.header(out, "From")).name!.unicodeScalars.elementsEqual("Zo\u{EB}".unicodeScalars))
    }

    @Test func headerInjectionIsStripped() {
        let evil = message(subject: "Hi\r\nBcc: evil@x.com", to: [MailAddress(name: "Eve\nBcc: a@b.c", email: "e@x.com>\r\nBcc: z@z.z")],
                           text: "Bcc: body is fine", extra: [("X-Tag\r\nBcc", "v\r\nBcc: q@q.q"), ("Subject", "dup"), ("X:C", "1")])
        let out = MIMEWriter.render(evil)
        let (headers, _) = Decode.split(out)
        #expect(headers.map(\.name) == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "X-TagBcc", "XC", "Content-Type"])
        #expect(Decode.header(out, "Subject") == "Hi Bcc: evil@x.com")
        #expect(Decode.header(out, "X-TagBcc") == "v Bcc: q@q.q")
        #expect(Decode.header(out, "To") == "\"Eve Bcc: a@b.c\" <e@x.comBcc:z@z.z>")
    }

    @Test func headerOrderAndStructure() {
        let out = MIMEWriter.render(message(extra: [("List-Unsubscribe", "<https://coachwork.local/u/1>")]), boundary: "=_b")
        #expect(Decode.split(out).headers.map(\.name) == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
                                                          "List-Unsubscribe", "Content-Type"])
        #expect(out.hasPrefix("Date: Sun, 29 Nov 2026 14:37:15 +0000\r\nFrom: Coachwork <noreply@coachwork.local>\r\n"))
        #expect(out.contains("\r\nMessage-ID: <8f3c@coachwork.local>\r\nMIME-Version: 1.0\r\n"))
        #expect(Decode.header(out, "Content-Type") == "multipart/alternative; boundary=\"=_b\"")
        let token = String(repeating: "t", count: 70), huge = String(repeating: "h", count: 90)
        let long = MIMEWriter.render(message(html: nil, extra: [("X-A", "\(token) \(token)"), ("X-Long-Name", token), ("X-B", huge)]))
        #expect(long.contains("\r\nX-A: \(token)\r\n \(token)\r\nX-Long-Name:\r\n \(token)\r\nX-B: \(huge)\r\n"))
        let types = Decode.parts(out, boundary: "=_b").map { $0.headers.components(separatedBy: "\r\n") }
        #expect(types == [["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
                          ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]])
        let single = MIMEWriter.render(message(to: [], html: nil))
        #expect(Decode.header(single, "To") == "undisclosed-recipients:;")
        #expect(single.hasSuffix("charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi=\r\n"))
    }

    @Test func boundaryNeverOccursInBodies() {
        let body = "--frontier\n=_cw_ nothing"
        let given = MIMEWriter.render(message(text: body, html: body), boundary: "frontier")
        let random = MIMEWriter.render(message(text: body, html: body))
        for out in [given, random] {
            let b = Decode.boundary(out)
            #expect(b != "frontier" && b.hasPrefix("=_cw_") && b.count == 37)
            #expect(Decode.split(out).body.components(separatedBy: b).count == 4)  // 3 delimiters only
        }
        #expect(Decode.boundary(random) != Decode.boundary(MIMEWriter.render(message())))
    }

    @Test func linesAreCRLFAndHeadersFoldedWithin78() {
        let many = (0..<12).map { MailAddress(name: $0.isMultiple(of: 2) ? "Client \($0), Jr." : "Zoë №\($0)", email: "c\($0)@example.com") }
        let subjects = [String(repeating: "Week plan ready ", count: 12), String(repeating: "مرحبا بك 🚀 ", count: 12)]
        for subject in subjects {
            let out = MIMEWriter.render(message(subject: subject, to: many, text: String(repeating: "a\rb\n", count: 9),
                                                extra: [("X-Note", subject)]))
            #expect(!out.replacingOccurrences(of: "\r\n", with: "").contains { $0 == "\r" || $0 == "\n" })
            #expect(out.hasSuffix("\r\n"))
            let head = out[..<out.range(of: "\r\n\r\n")!.lowerBound]
            for line in head.components(separatedBy: "\r\n") {
                #expect(line.count <= 78 && !line.trimmingCharacters(in: .whitespaces).isEmpty, "\(line)")
            }
            #expect(Decode.words(Decode.header(out, "Subject")) == subject)
            #expect(Decode.words(Decode.header(out, "X-Note")) == subject)
            #expect(Decode.mailboxes(Decode.header(out, "To")).map(\.name) == many.map(\.name))
        }
    }

    @Test func isValidEmail() {
        for ok in ["jane@example.com", "a.b+tag@sub.example.co.uk", "root@localhost", "x@LOCALHOST"] {
            #expect(MailAddress.isValidEmail(ok), "\(ok)")
        }
        let long = String(repeating: "a", count: 250) + "@x.io"
        for bad in ["", "jane", "@x.io", "jane@", "a@b@c.io", "jane@example", "ja ne@x.io", "jané@x.io", "a@x..io",
                    "a@.x.io", "a@x.io.", "a@x.io\r\n", "<a@x.io>", "a,b@x.io", long] {
            #expect(!MailAddress.isValidEmail(bad), "\(bad)")
        }
    }

    static let calendarFile = MailAttachment(
        filename: "invite.ics", contentType: "text/calendar; method=REQUEST; charset=utf-8",
        content: "BEGIN:VCALENDAR\r\nSUMMARY:Zoë; a\\, b 🎉 שלום\r\n" + String(repeating: "x", count: 200) + "\r\nEND:VCALENDAR\r\n")

    @Test func attachmentsMakeMultipartMixedWithTheTextFirstAndBase64Files() throws {
        let out = MIMEWriter.render(message(attachments: [Self.calendarFile]), boundary: "b0und")
        #expect(Decode.header(out, "Content-Type") == #"multipart/mixed; boundary="mixed_b0und""#)
        let outer = Decode.parts(out, boundary: "mixed_b0und")
        try #require(outer.count == 2)
        #expect(outer[0].headers.contains(#"multipart/alternative;"#) && outer[0].headers.contains(#"boundary="b0und""#))
        #expect(outer[1].headers.contains("Content-Type: text/calendar; method=REQUEST; charset=utf-8; name=\"invite.ics\""))
        #expect(outer[1].headers.contains("Content-Transfer-Encoding: base64"))
        #expect(outer[1].headers.contains(#"Content-Disposition: attachment; filename="invite.ics""#))
        let lines = outer[1].content.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.allSatisfy { $0.count <= 76 } && lines.dropLast().allSatisfy { $0.count == 76 })
        let decoded = try #require(Data(base64Encoded: lines.joined()))
        #expect(String(decoding: decoded, as: UTF8.self) == Self.calendarFile.content)
        // A file name is reduced to safe characters and the type loses line breaks (no header injection).
        let hostile = MailAttachment(filename: "a b/../ü.ics", contentType: "text/plain\r\nBcc: x@y", content: "x")
        #expect(hostile.safeFilename == "a_b_.._\u{5F}.ics")
        #expect(!MIMEWriter.render(message(attachments: [hostile])).contains("\r\nBcc:"))
    }

    static let python3: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python3 != nil, "python3 not on PATH"))
    func pythonEmailPackageAgrees() throws {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let script = here.deletingLastPathComponent().appendingPathComponent("Scripts/check_eml.py")
        #expect(FileManager.default.fileExists(atPath: script.path), "missing \(script.path)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mimewriter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let messages = [
            message(subject: "Week 3: your plan", to: [.init(name: "Doe, Jane", email: "jane@example.com")], text: "Hi Jane,\nsee you."),
            message(subject: "مرحبا 🚀 " + String(repeating: "שלום Zoë ", count: 8), to: names.map { .init(name: $0, email: "p@example.com") },
                    text: bodies[8] + bodies[3], html: bodies[9], from: .init(name: names[7], email: "coach@example.com"),
                    extra: [("List-Unsubscribe", "<https://coachwork.local/u/1>")]),
            message(subject: "Jose\u{301} =?x?= plain", to: [.init(name: #"Say "hi" \ now"#, email: "s@example.com")],
                    text: bodies[5], html: nil, from: .init(name: names[9], email: "c@example.com")),
            message(subject: "Invitation 🎉", text: bodies[3], html: bodies[9], attachments: [Self.calendarFile]),
            message(subject: "Plain with file", text: bodies[4], html: nil,
                    attachments: [Self.calendarFile, MailAttachment(filename: "notes é.txt", contentType: "text/plain; charset=utf-8", content: "")]),
        ]
        for (i, m) in messages.enumerated() {
            try Data(MIMEWriter.render(m).utf8).write(to: dir.appendingPathComponent("m\(i).eml"))
        }
        let process = Process(), stdout = Pipe(), stderr = Pipe()
        process.executableURL = URL(fileURLWithPath: Self.python3!)
        process.arguments = [script.path, dir.path]
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(err)")
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        try #require(lines.count == messages.count)
        for (i, m) in messages.enumerated() {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(lines[i].utf8)) as? [String: Any])
            func nfc(_ s: String?) -> String { (s ?? "").precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces) }
            #expect((json["file"] as? String)?.hasSuffix("m\(i).eml") == true)
            #expect(json["subject"] as? String == m.subject.precomposedStringWithCanonicalMapping)
            let from = json["from"] as? [String: String]
            #expect(from == ["name": nfc(m.from.name), "email": m.from.email])
            #expect(json["to"] as? [[String: String]] == m.to.map { ["name": nfc($0.name), "email": $0.email] })
            #expect(json["text"] as? String == Decode.crlf(m.textBody))
            #expect(json["html"] as? String == m.htmlBody.map(Decode.crlf))
            #expect(json["message_id"] as? String == m.messageID)
            let files = json["attachments"] as? [[String: Any]] ?? []
            #expect(files.map { $0["content"] as? String } == m.attachments.map(\.content))
            #expect(files.map { $0["filename"] as? String } == m.attachments.map(\.safeFilename))
        }
    }
}
