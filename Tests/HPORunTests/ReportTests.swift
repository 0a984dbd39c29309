import Foundation
import Testing

/// Headless Chromium (Debian's `chromium`), every call bounded by `timeout`. Root needs
/// --no-sandbox.
enum Chromium {
    static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var isInstalled: Bool { path != nil }

    /// Runs Chromium headless on a file URL with extra arguments, at most `seconds`.
    static func run(_ arguments: [String], scale: Double = 1, seconds: Int = 30) throws -> (status: Int32, stdout: String, stderr: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-k", "5", String(seconds), path ?? "chromium", "--headless", "--disable-gpu", "--no-sandbox",
                             "--no-first-run", "--user-data-dir=\(scratch.path)/profile", "--force-device-scale-factor=\(scale)",
                             "--hide-scrollbars", "--enable-logging=stderr", "--v=0"] + arguments
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
                String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

@Test func chromiumIsInstalledInCI() {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        #expect(Chromium.isInstalled, "CI must run the report's browser tests: .ci/run installs Debian's chromium")
    } else if !Chromium.isInstalled {
        print("note: no chromium here, so the report's browser tests are skipped; install it with `apt-get install -y chromium`")
    }
}

/// `hporun report` on real runs, opened in headless Chromium: no console error, the script
/// ran, each plot holds the marks the trials call for, and no plot area is blank on screen.
@Suite(.serialized, .enabled(if: Chromium.isInstalled, "no chromium: install it with `apt-get install -y chromium`"))
struct ReportBrowserTests {
    /// 10 iterations of TEST accuracy from x, lr and opt; trial 0003 fails.
    static let trial = #"""
        import json, os, sys, time
        config = json.load(open("config.json"))
        if os.environ["SUBID"] == "0003":
            sys.exit("failing on purpose")
        x, lr = config["x"], config["lr"]
        bonus = 0.1 if config["opt"] == "sgd" else 0.0
        out = open(os.path.join(os.environ["LOG_DIR"], os.environ["SUBID"], "evaluation-metrics.txt"), "a")
        for i in range(1, 11):
            time.sleep(0.08)
            value = (1 - (x - 0.3) ** 2 + bonus) * (1 - 0.5 ** i)
            out.write(json.dumps({"grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": str(i)}},
                                  "values": {"accuracy": {"type": 3, "value": str(value)}}}) + "\n")
            out.flush()
        """#

    static func experiment(_ space: Workspace) throws -> URL {
        try space.write("trial.py", trial)
        return try space.manifest(steps: 10, extra: "    - {name: max_concurrent_trials, int_value: 2}", hyperParameters: """
              - {name: x, double_range: {min_value: 0, max_value: 1}}
              - {name: lr, double_range: {min_value: -4, max_value: -1, power: 10}}
              - {name: opt, string_values: [sgd, "<script>alert(1)</script>"]}
            """)
    }

    @Test(.timeLimit(.minutes(2))) func finishedAndMidRunReportsOpenCleanly() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manifest = try Self.experiment(space)
        let run = try HPORunBinary.start(
            ["--manifest", manifest.path, "--experiment-dir", space.experiment.path, "--parallel", "2", "--",
             "python3", space.url.appendingPathComponent("trial.py").path],
            in: space.url, logs: space.url.appendingPathComponent("logs"))
        // The run keeps report.html current: catch one written while it goes, with a trial done.
        let live = space.experiment.appendingPathComponent("report.html")
        let midRun = space.url.appendingPathComponent("mid-run.html")
        let caught = waitFor({
            guard let text = try? String(contentsOf: live, encoding: .utf8),
                  text.contains("A run is going"), text.contains("<tr id=\"t0001\" class=\"completed") else { return false }
            return (try? text.write(to: midRun, atomically: true, encoding: .utf8)) != nil
        }, seconds: 60)
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        #expect(caught, "no report.html written mid-run with a completed trial")
        let final = try String(contentsOf: live, encoding: .utf8)
        #expect(!final.contains("A run is going"), "the run's last write is the final report")

        // hporun report writes the same, elsewhere with -o, with links that reach the trial files.
        let out = space.url.appendingPathComponent("out/report.html")
        let written = try HPORunBinary.run(["report", space.experiment.path, "-o", out.path], in: space.url)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == out.path)
        let html = try String(contentsOf: out, encoding: .utf8)
        let links = Self.matches(#"href="(\.\./[^"]*)""#, in: html)
        #expect(links.count == 10 * 4)
        for link in links {
            let file = out.deletingLastPathComponent().appendingPathComponent(link.removingPercentEncoding ?? link)
            #expect(FileManager.default.fileExists(atPath: file.path), "\(link)")
        }

        try Self.check(out, expected: Self.expectedMarks(space), in: space)
        if caught { try Self.check(midRun, expected: nil, in: space) }
    }

    /// A generated experiment of 2,100 trials (over `canvasTrials`: canvas plots, table rows
    /// from data), some failed and pruned, written by `hporun report` and opened in Chromium:
    /// no console error, every canvas plot painted with its marks, none blank.
    @Test(.timeLimit(.minutes(3))) func aLargeReportPaintsItsCanvasPlots() throws {
        let space = try Workspace()
        defer { space.remove() }
        try space.write("generate.py", Self.generator)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", space.url.appendingPathComponent("generate.py").path, space.experiment.path, "2100"]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let written = try HPORunBinary.run(["report", space.experiment.path], in: space.url)
        #expect(written.status == 0, "\(written.stderr)")
        // Every 10th trial failed, every 10th from the 5th pruned (with a value): 1,680 completed.
        let expected = ["importance": 3, "history": 2100, "curves": 600, "slice": 1680 * 3, "parallel": 1680,
                        "timeline": 2100]
        // Opened with a script added to a copy, which drives the page's own script once it has
        // run: the table's rows come from data as it is scrolled and before a sort or a
        // filter; hover over a canvas mark shows its trial and lights it up in every canvas plot.
        let page = try String(contentsOf: space.experiment.appendingPathComponent("report.html"), encoding: .utf8)
        let driven = space.experiment.appendingPathComponent("driven.html")
        try page.replacingOccurrences(of: "</body>", with: "<script>\(Self.driver)</script></body>")
            .write(to: driven, atomically: true, encoding: .utf8)
        let dom = try Self.check(driven, expected: expected, in: space)
        let json = try #require(Self.matches(#"data-test="([^"]*)""#, in: dom).first)
        let results = try #require(try JSONSerialization.jsonObject(
            with: Data(json.replacingOccurrences(of: "&quot;", with: "\"").utf8)) as? [String: Any])
        #expect(results["initial"] as? Int == 200)
        #expect(results["scrolled"] as? Int == 700)
        #expect((results["tip"] as? String)?.hasPrefix("SUBID: ") == true, "\(results)")
        #expect(results["lit"] as? Int ?? 0 >= 6, "history, 3 slices, parallel, timeline: \(results)")
        #expect(results["sorted"] as? Int == 2100 && results["first"] as? String == "0001", "\(results)")
        #expect(results["shown"] as? String == "210 of 2100 trials", "\(results)")
    }

    /// Scrolls the table to its end, hovers over the first mark of the history, sorts by
    /// SUBID, filters on "pruned at"; what it saw goes to the body's data-test as JSON.
    static let driver = #"""
        (function(){
        var out={},table=document.getElementById("table"),body=table.tBodies[0];
        out.initial=body.rows.length;
        var sc=table.parentNode;sc.scrollTop=sc.scrollHeight;sc.dispatchEvent(new Event("scroll"));
        out.scrolled=body.rows.length;
        var svg=document.querySelector("svg.history"),m=JSON.parse(document.getElementById("m-history").textContent)[0];
        var r=svg.getBoundingClientRect(),vb=svg.viewBox.baseVal;
        svg.dispatchEvent(new MouseEvent("mousemove",{bubbles:true,clientX:r.left+m[3]*r.width/vb.width,
          clientY:r.top+m[4]*r.height/vb.height}));
        var tip=document.getElementById("tip");out.tip=tip.hidden?"":tip.textContent.split("\n")[0];
        out.lit=document.querySelectorAll(".hlc .hl").length;
        table.tHead.rows[0].cells[0].click();
        out.sorted=body.rows.length;out.first=body.rows[0].cells[0].textContent;
        var f=document.getElementById("filter");f.value="pruned at";f.dispatchEvent(new Event("input"));
        out.shown=document.getElementById("shown").textContent;
        document.body.setAttribute("data-test",JSON.stringify(out));
        })();
        """#

    /// Writes experiment.json and N trials' trial.json (3 parameters, 10 TEST iterations each, 8 slots).
    static let generator = #"""
        import json, math, os, random, sys
        from datetime import datetime, timedelta, timezone
        root, count = sys.argv[1], int(sys.argv[2])
        random.seed(2)
        os.makedirs(root + "/trials")
        t0 = datetime(2026, 11, 29, tzinfo=timezone.utc)
        stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
        json.dump({"name": "large", "hporunVersion": "0.1.0", "createdAt": stamp(t0), "seed": 1, "manifestPath": "exp.yml",
                   "method": {"name": "random", "objective": "accuracy", "direction": "maximize", "objectiveStrategy": "max",
                              "numOptimizerSteps": count, "filename": "val_dict_list.json"},
                   "hyperParameters": [{"name": "lr", "domain": "double_range 10^[-4 .. 0] = 0.0001 .. 1, log-uniform  (continuous)"},
                                       {"name": "momentum", "domain": "double_range 0 .. 1, uniform  (continuous)"},
                                       {"name": "opt", "domain": "string_values [adam, sgd]  (2 values, unordered)"}],
                   "command": ["python3", "train.py"]}, open(root + "/experiment.json", "w"))
        free = [t0] * 8
        for n in range(1, count + 1):
            subid = "%04d" % n
            config = {"lr": 10 ** random.uniform(-4, 0), "momentum": random.random(), "opt": random.choice(["adam", "sgd"])}
            final = 1 - abs(math.log10(config["lr"]) + 2) / 4 + config["momentum"] / 10
            slot = min(range(8), key=lambda i: free[i])
            start = free[slot]
            end = start + timedelta(seconds=random.uniform(20, 60))
            free[slot] = end
            record = {"subid": subid, "state": "completed", "point": [0, 0, 0], "config": config, "startedAt": stamp(start),
                      "endedAt": stamp(end), "objective": final,
                      "testHistory": {"metrics": {"accuracy": [{"iteration": i, "value": final * (1 - 0.7 ** i)}
                                                               for i in range(1, 11)]}}}
            if n % 10 == 0:
                record.update(state="failed", objective=None, failureReason="exit status 1")
            elif n % 10 == 5:
                record.update(state="pruned", objective=final * 0.7, prunedAtIteration=3,
                              failureReason="pruned at iteration 3: under the median")
            os.makedirs("%s/trials/%s" % (root, subid))
            json.dump(record, open("%s/trials/%s/trial.json" % (root, subid), "w"))
        """#

    /// What each plot should hold, from the trials' own trial.json files.
    static func expectedMarks(_ space: Workspace) throws -> [String: Int] {
        let records = try space.trialNames().map { try space.record($0) }
        let completed = records.filter { $0["state"] as? String == "completed" }.count
        let curves = records.filter {
            let history = ($0["testHistory"] as? [String: Any])?["metrics"] as? [String: Any]
            return !((history?["accuracy"] as? [Any])?.isEmpty ?? true)
        }.count
        #expect(records.count == 10 && completed == 9)
        return ["importance": 3, "history": records.count, "curves": curves, "slice": completed * 3,
                "parallel": completed, "timeline": records.count]
    }

    /// Opens `file` in Chromium: no console message, the script ran, each plot's marks in
    /// the DOM (as expected, or at least as its data-marks says), and on a screenshot every
    /// plot area holds coloured pixels.
    /// Returns the DOM.
    @discardableResult
    static func check(_ file: URL, expected: [String: Int]?, in space: Workspace) throws -> String {
        // The same width as the screenshot, so the plots' boxes are where it shows them.
        let dom = try Chromium.run(["--dump-dom", "--window-size=1200,1000", file.absoluteString])
        #expect(dom.status == 0, "chromium: \(dom.stderr.suffix(2000))")
        let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "console: \(console)")
        #expect(dom.stdout.contains("data-layout-ms=\""), "the page's script did not run to its end")
        var counts: [String: Int] = [:]
        var boxes: [(String, [Int])] = []
        var fewMarks: Set<String> = []  // plots with fewer than 3 marks, by their box
        let regex = try NSRegularExpression(pattern: #"<svg class="plot (\w+)" data-marks="(\d+)"([^>]*)>(.*?)</svg>"#,
                                            options: .dotMatchesLineSeparators)
        let text = dom.stdout
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let kind = String(text[Range(match.range(at: 1), in: text)!])
            let declared = Int(text[Range(match.range(at: 2), in: text)!])!
            let body = String(text[Range(match.range(at: 4), in: text)!])
            let attributes = String(text[Range(match.range(at: 3), in: text)!])
            // A canvas plot: the marks its script painted; any other: its marks in the DOM.
            let painted = matches(#"data-drawn="(\d+)""#, in: attributes).first.flatMap { Int($0) }
            #expect(painted != nil || !attributes.contains("data-canvas"), "\(kind): a canvas plot that was not painted")
            let marks = painted ?? (kind == "importance" ? body.components(separatedBy: "class=\"bar\"").count - 1
                : body.components(separatedBy: " data-t=\"").count - 1)
            #expect(marks == declared, "\(kind): \(marks) in the DOM, \(declared) declared")
            counts[kind, default: 0] += marks
            if let box = matches(#"data-box="([-\d,]+)""#, in: attributes).first {
                boxes.append((kind, box.split(separator: ",").compactMap { Int($0) }))
                if marks < 3 { fewMarks.insert(box) }
            }
        }
        if let expected {
            #expect(counts == expected)
        } else {
            #expect(counts["history", default: 0] > 0 && counts["timeline", default: 0] > 0, "\(counts)")
        }
        #expect(boxes.count == counts.count + ((counts["slice"] ?? 0) > 0 ? 2 : 0), "every plot has its place: \(boxes.map(\.0))")

        // The screenshot, tall enough for every plot; then coloured pixels in each plot's box.
        let height = (boxes.map { $0.1[1] + $0.1[3] }.max() ?? 800) + 40
        let png = space.url.appendingPathComponent("shot-\(UUID().uuidString).png")
        // At half scale: a quarter of the pixels for the decoder, the marks still drawn.
        let shot = try Chromium.run(["--screenshot=\(png.path)", "--window-size=1200,\(height)", file.absoluteString],
                                    scale: 0.5)
        #expect(shot.status == 0 && FileManager.default.fileExists(atPath: png.path), "\(shot.stderr.suffix(2000))")
        let boxList = boxes.map { $0.1.map { String($0 / 2) }.joined(separator: ",") }.joined(separator: " ")
        try space.write("pixels.py", pixelCounter)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", space.url.appendingPathComponent("pixels.py").path, png.path, boxList]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        let coloured = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(coloured.count == boxes.count, "\(output)")
        for (box, pixels) in zip(boxes, coloured) {
            // Mid-run, a plot may hold one or two marks: a single pale line of the parallel
            // coordinates, thin at half scale, can stay under the colour threshold.
            if expected == nil, fewMarks.contains(box.1.map(String.init).joined(separator: ",")) { continue }
            #expect(pixels > 5, "the \(box.0) plot at \(box.1) looks blank: \(pixels) coloured pixels")
        }
        return dom.stdout
    }

    /// Decodes an 8-bit PNG (zlib and the five row filters) and prints, for each box
    /// x,y,w,h, how many of its pixels are coloured (not grey: max - min channel > 40;
    /// the frame, grid and labels are grey, so a plot without marks counts 0).
    /// Rows with the Up filter are added as whole integers (bytes never carry into each other
    /// with the top bits added apart), so a tall page decodes in a second or two.
    static let pixelCounter = #"""
        import struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        pos, idat, width, height, ctype = 8, b"", 0, 0, 0
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            chunk = data[pos + 8:pos + 8 + length]
            if kind == b"IHDR":
                width, height, depth, ctype = struct.unpack(">IIBB", chunk[:10])
                assert depth == 8
            elif kind == b"IDAT":
                idat += chunk
            pos += 12 + length
        bpp = {2: 3, 6: 4}[ctype]
        raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
        low, high = int.from_bytes(b"\x7f" * stride, "big"), int.from_bytes(b"\x80" * stride, "big")
        for y in range(height):
            f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            if f == 2:
                a, b = int.from_bytes(line, "big"), int.from_bytes(prev, "big")
                line = bytearray((((a & low) + (b & low)) ^ ((a ^ b) & high)).to_bytes(stride, "big"))
            for i in range(stride if f in (1, 3, 4) else 0):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line)
            prev = line
        counts = []
        for box in sys.argv[2].split():
            x0, y0, w, h = map(int, box.split(","))
            n = 0
            for y in range(max(y0, 0), min(y0 + h, height)):
                row = rows[y]
                for x in range(max(x0, 0), min(x0 + w, width)):
                    r, g, b = row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]
                    if max(r, g, b) - min(r, g, b) > 40: n += 1
            counts.append(str(n))
        print(" ".join(counts))
        """#

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }
}
