package app.speakingdiary.system;

import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import app.speakingdiary.config.DiaryProperties;

/**
 * Durable background work with db-scheduler on our PostgreSQL: a task is a row in
 * {@code scheduled_tasks}, so it survives restarts, runs on one replica at a time, and
 * runs again elsewhere when its replica dies (its heartbeats stop). Features declare
 * their tasks as {@link Task} beans and schedule them with the {@link SchedulerClient},
 * which joins the caller's transaction: work is scheduled exactly when the change that
 * needs it commits.
 */
@Configuration(proxyBeanMethods = false)
class BackgroundJobs {

	/**
	 * Through Spring's transaction-aware proxy, db-scheduler uses the transaction's
	 * connection when there is one and leaves the commit to it.
	 */
	@Bean
	SchedulerClient schedulerClient(DataSource dataSource) {
		return SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource)).build();
	}

	@Bean
	JobRunner jobRunner(DataSource dataSource, List<Task<?>> tasks, DiaryProperties properties) {
		DiaryProperties.Jobs jobs = properties.jobs();
		// Recurring tasks are scheduled when the scheduler starts (once across replicas).
		List<RecurringTask<?>> recurring = tasks.stream()
			.filter(RecurringTask.class::isInstance)
			.<RecurringTask<?>>map(RecurringTask.class::cast)
			.toList();
		List<Task<?>> oneTime = tasks.stream().filter((task) -> !(task instanceof RecurringTask)).toList();
		return new JobRunner(() -> Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), oneTime)
			.startTasks(recurring)
			.threads(jobs.threads())
			.pollingInterval(jobs.pollInterval())
			.heartbeatInterval(jobs.heartbeatInterval())
			.missedHeartbeatsLimit(jobs.missedHeartbeats())
			// PostgreSQL claims due work with SELECT … FOR UPDATE SKIP LOCKED in one
			// query.
			.pollUsingLockAndFetch(0.5, 1.0)
			// Failures are logged by the tasks, which know what may be said: a stack
			// trace
			// could carry a URL with the bot token in it.
			.failureLogging(LogLevel.DEBUG, false)
			.shutdownMaxWait(java.time.Duration.ofSeconds(10))
			.build(), jobs.enabled());
	}

	/**
	 * Starts a scheduler with the application and stops it before the connection pool
	 * closes; running tasks get {@code shutdownMaxWait} to finish, and a task cut short
	 * runs again after its heartbeats stop. A stopped scheduler cannot start again, so
	 * each start builds a new one (Spring stops and restarts a context's lifecycle, e.g.
	 * a cached test context).
	 */
	static final class JobRunner implements SmartLifecycle {

		private static final Logger logger = LoggerFactory.getLogger(JobRunner.class);

		private final Supplier<Scheduler> schedulers;

		private final boolean enabled;

		private volatile @Nullable Scheduler scheduler;

		JobRunner(Supplier<Scheduler> schedulers, boolean enabled) {
			this.schedulers = schedulers;
			this.enabled = enabled;
		}

		@Override
		public synchronized void start() {
			if (this.enabled && this.scheduler == null) {
				Scheduler started = this.schedulers.get();
				started.start();
				this.scheduler = started;
				logger.info("Background jobs started");
			}
		}

		@Override
		public synchronized void stop() {
			Scheduler running = this.scheduler;
			if (running != null) {
				running.stop();
				this.scheduler = null;
			}
		}

		@Override
		public boolean isRunning() {
			return this.scheduler != null;
		}

	}

}
