import java.nio.file.Files;
import java.nio.file.Path;

import app.speakingdiary.support.InitDataSigner;

/**
 * Writes the wrk scripts of bench/notes.sh: POST (create) and GET (list) /api/telegram/notes, each request as one
 * of the 64 bench users (picked at random, as pgbench's script picks its user), with the user's session token and
 * initData signed here with the bench bot's token. wrk's done() prints one JSON line of figures.
 * Usage (test classpath): java bench/NotesBench.java OUTPUT_DIR
 */
public class NotesBench {

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		Files.createDirectories(dir);
		InitDataSigner signer = new InitDataSigner(System.getenv("BENCH_BOT_TOKEN"));
		long now = System.currentTimeMillis() / 1000;
		StringBuilder users = new StringBuilder("local users = {\n");
		for (int i = 1; i <= 64; i++) {
			users.append("  {\"benchtoken").append(String.format("%033d", i)).append("\", \"tma ")
				.append(signer.forUser(1_000_000 + i, "Bench", "ru", now)).append("\"},\n");
		}
		users.append("}\n");
		String common = users + """
				math.randomseed(os.time())
				function done(summary, latency, requests)
				  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
				    + summary.errors.status + summary.errors.timeout
				  io.write(string.format('{"per_s":%.1f,"errors":%d,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}\\n',
				    summary.requests / (summary.duration / 1e6), errors, latency:percentile(50) / 1000,
				    latency:percentile(99) / 1000, latency.max / 1000))
				end
				""";
		Files.writeString(dir.resolve("notes-create.lua"), common + """
				function request()
				  local user = users[math.random(#users)]
				  return wrk.format("POST", "/api/telegram/notes", {["Content-Type"] = "application/json",
				    ["X-Session-Token"] = user[1], ["Authorization"] = user[2]}, '{"text":"benchmark note"}')
				end
				""");
		Files.writeString(dir.resolve("notes-list.lua"), common + """
				function request()
				  local user = users[math.random(#users)]
				  return wrk.format("GET", "/api/telegram/notes", {["X-Session-Token"] = user[1],
				    ["Authorization"] = user[2]})
				end
				""");
	}

}
