package app.speakingdiary.system;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

import app.speakingdiary.config.DiaryProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking JDBC work off the event loop: the API's controller methods (Spring runs
 * every handler that does not return a reactive type here, see {@link BlockingHandlers}),
 * and the webhook's and the outbox sender's database work. Each call runs whole on one
 * thread, so a transaction never hops threads and no event-loop thread ever waits for
 * PostgreSQL.
 * <p>
 * As many threads as the pool has connections, fed from one first-come-first-served
 * queue: under a burst, work waits its turn in the queue rather than in Hikari, where a
 * waiter can be overtaken and time out while the pool is busy but healthy. A full queue
 * is refused at once ({@link java.util.concurrent.RejectedExecutionException}, answered
 * 503).
 */
@Component
public class BlockingJdbc implements DisposableBean {

	static final int QUEUE_CAPACITY = 10_000;

	private final ThreadPoolExecutor executor;

	private final Scheduler scheduler;

	private final AsyncTaskExecutor taskExecutor;

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	/**
	 * The pool's connections less those background work may hold (its threads, its poller
	 * and heartbeats), so that a request never waits inside the pool.
	 */
	@Autowired
	BlockingJdbc(DataSource dataSource, DiaryProperties properties) {
		this(Math.max(2, ((dataSource instanceof HikariDataSource hikari) ? hikari.getMaximumPoolSize() : 10)
				- (properties.jobs().enabled() ? properties.jobs().threads() + 2 : 0)), QUEUE_CAPACITY);
	}

	BlockingJdbc(int threads, int queueCapacity) {
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(queueCapacity), (task) -> {
					Thread thread = new Thread(task, "jdbc-" + count.incrementAndGet());
					thread.setDaemon(true);
					this.threads.add(thread);
					return thread;
				});
		this.scheduler = Schedulers.fromExecutorService(this.executor, "jdbc");
		this.taskExecutor = new TaskExecutorAdapter(this::runHere);
	}

	/**
	 * The same threads and queue, for Spring's blocking handler execution. A handler
	 * whose arguments were resolved on one of these threads (its caller's session was
	 * looked up there) runs on at once in that thread: one hop off the event loop per
	 * call, not two.
	 */
	AsyncTaskExecutor taskExecutor() {
		return this.taskExecutor;
	}

	private void runHere(Runnable task) {
		if (this.threads.contains(Thread.currentThread())) {
			task.run();
		}
		else {
			this.executor.execute(task);
		}
	}

	public <T> Mono<T> call(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(this.scheduler);
	}

	public Mono<Void> run(Runnable work) {
		return Mono.<Void>fromRunnable(work).subscribeOn(this.scheduler);
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
		this.executor.shutdown();
	}

}
