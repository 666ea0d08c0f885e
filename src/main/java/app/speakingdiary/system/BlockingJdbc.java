package app.speakingdiary.system;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking JDBC work off the event loop. Each call runs whole on one thread, so a transaction never hops
 * threads and no event-loop thread ever waits for PostgreSQL.
 * <ul>
 * <li>As many threads as the pool has connections: under a burst, work waits its turn in the threads' queues
 * (first come, first served from each event loop) rather than in Hikari, where a waiter can be overtaken and time
 * out while the pool is busy but healthy. Beyond {@code queueCapacity} waiting calls, work is refused at once
 * ({@link RejectedExecutionException}, answered 503).</li>
 * <li>The threads are a {@link ForkJoinPool}'s, because it wakes the thread that went idle last. At low load one
 * thread, its pooled connection (Hikari hands a thread the connection it used last) and that connection's
 * PostgreSQL backend serve call after call with warm caches; a pool that wakes the longest-idle thread rotated
 * every call through all of them, which cost a quarter of the list rate at one connection.</li>
 * </ul>
 */
@Component
public class BlockingJdbc implements DisposableBean {

	static final int QUEUE_CAPACITY = 10_000;

	private final ForkJoinPool pool;

	private final int capacity;

	private final AtomicInteger accepted = new AtomicInteger();

	private final Scheduler scheduler;

	@Autowired
	BlockingJdbc(DataSource dataSource) {
		this((dataSource instanceof HikariDataSource hikari) ? hikari.getMaximumPoolSize() : 10, QUEUE_CAPACITY);
	}

	BlockingJdbc(int threads, int queueCapacity) {
		AtomicInteger count = new AtomicInteger();
		ForkJoinPool.ForkJoinWorkerThreadFactory factory = (pool) -> {
			ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
			thread.setName("jdbc-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		// FIFO queues; exactly `threads` threads. A thread that blocks inside a java.util.concurrent wait (Hikari's
		// hand-off queue does) is not replaced: with the saturation predicate true, it just waits.
		this.pool = new ForkJoinPool(threads, factory, null, true, threads, threads, 1, (pool) -> true, 60,
				TimeUnit.SECONDS);
		this.capacity = threads + queueCapacity;
		this.scheduler = Schedulers.fromExecutorService(new BoundedExecutor(), "jdbc");
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
		this.pool.shutdown();
	}

	/** The pool, refusing work beyond the capacity: a {@link ForkJoinPool}'s own queues are unbounded. */
	private final class BoundedExecutor extends AbstractExecutorService {

		@Override
		public void execute(Runnable task) {
			if (BlockingJdbc.this.accepted.incrementAndGet() > BlockingJdbc.this.capacity) {
				BlockingJdbc.this.accepted.decrementAndGet();
				throw new RejectedExecutionException("The JDBC work queue is full");
			}
			try {
				BlockingJdbc.this.pool.execute(() -> {
					try {
						task.run();
					}
					finally {
						BlockingJdbc.this.accepted.decrementAndGet();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				BlockingJdbc.this.accepted.decrementAndGet();
				throw ex;
			}
		}

		@Override
		public void shutdown() {
			BlockingJdbc.this.pool.shutdown();
		}

		@Override
		public List<Runnable> shutdownNow() {
			return BlockingJdbc.this.pool.shutdownNow();
		}

		@Override
		public boolean isShutdown() {
			return BlockingJdbc.this.pool.isShutdown();
		}

		@Override
		public boolean isTerminated() {
			return BlockingJdbc.this.pool.isTerminated();
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
			return BlockingJdbc.this.pool.awaitTermination(timeout, unit);
		}

	}

}
