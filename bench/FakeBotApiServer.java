import app.speakingdiary.telegram.FakeBotApi;

/**
 * The fake Bot API in a process of its own, so that its timestamps do not queue behind the load generator.
 * Usage (test classpath): java bench/FakeBotApiServer.java <port> <bot token>
 * GET /recorded lists the calls; POST /control/reset, /control/enforce-limits steer it.
 */
public class FakeBotApiServer {

	public static void main(String[] args) throws InterruptedException {
		FakeBotApi fake = new FakeBotApi(args[1], "SpeakingDiaryBenchBot", Integer.parseInt(args[0]));
		Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
		System.out.println("Fake Bot API on " + fake.url());
		Thread.currentThread().join();
	}

}
