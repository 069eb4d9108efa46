package io.tpool.autoconfigure.context;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for an offloaded call made inside a transaction: it joins the caller's
 * transaction on H2 through {@link JdbcTemplate}.
 */
class OffloadedTransactionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolContextAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withUserConfiguration(LedgerConfiguration.class);

	@Test
	void offloadedMethodSeesTheCallersTransactionNameReadOnlyFlagIsolationAndActivity() {
		run((context) -> {
			TransactionTemplate transaction = transaction(context);
			transaction.setName("outer");
			transaction.setReadOnly(true);
			transaction.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
			TransactionView inside = transaction.execute((status) -> ledger(context).transaction());
			assertThat(inside).isEqualTo(
					new TransactionView(true, true, "outer", true, TransactionDefinition.ISOLATION_SERIALIZABLE, true));
		});
	}

	@Test
	void offloadedMethodRunsOnThePoolThreadWithTheCallersConnection() {
		run((context) -> transaction(context).executeWithoutResult((status) -> {
			Connection callers = DataSourceUtils.getConnection(context.getBean(DataSource.class));
			assertThat(ledger(context).connection()).isSameAs(callers);
			assertThat(ledger(context).thread()).startsWith("tpool-");
		}));
	}

	@Test
	void rollbackOfTheCallersTransactionUndoesTheOffloadedWrite() {
		run((context) -> {
			transaction(context).executeWithoutResult((status) -> {
				ledger(context).write("offloaded");
				assertThat(entries(context)).containsExactly("offloaded");
				status.setRollbackOnly();
			});
			assertThat(entries(context)).isEmpty();
		});
	}

	@Test
	void commitOfTheCallersTransactionCommitsTheOffloadedWrite() {
		run((context) -> {
			transaction(context).executeWithoutResult((status) -> ledger(context).write("offloaded"));
			assertThat(entries(context)).containsExactly("offloaded");
		});
	}

	@Test
	void synchronizationRegisteredInsideTheOffloadedCallRunsAtTheCallersCommit() {
		run((context) -> {
			List<String> events = new CopyOnWriteArrayList<>();
			String caller = Thread.currentThread().getName();
			transaction(context).executeWithoutResult((status) -> {
				ledger(context).registerSynchronization(events);
				assertThat(events).isEmpty();
			});
			assertThat(events).containsExactly("beforeCommit on " + caller, "beforeCompletion on " + caller,
					"afterCommit on " + caller, "afterCompletion committed on " + caller);
		});
	}

	@Test
	void synchronizationRegisteredInsideTheOffloadedCallRunsAtTheCallersRollback() {
		run((context) -> {
			List<String> events = new CopyOnWriteArrayList<>();
			String caller = Thread.currentThread().getName();
			transaction(context).executeWithoutResult((status) -> {
				ledger(context).registerSynchronization(events);
				status.setRollbackOnly();
			});
			assertThat(events).containsExactly("beforeCompletion on " + caller,
					"afterCompletion rolled back on " + caller);
		});
	}

	@Test
	void requiresNewInsideTheOffloadedCallCommitsIndependentlyOfTheCallersRollback() {
		run((context) -> {
			Ledger ledger = ledger(context);
			transaction(context).executeWithoutResult((status) -> {
				ledger.write("joined");
				ledger.writeInNewTransaction("independent");
				// The caller's transaction goes on after the inner one, on its own
				// connection.
				ledger.write("after");
				assertThat(entries(context)).containsExactly("after", "independent", "joined");
				assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
				status.setRollbackOnly();
			});
			assertThat(entries(context)).containsExactly("independent");
		});
	}

	@Test
	void transactionalMethodOfAnOffloadedBeanJoinsTheCallersTransactionInsteadOfStartingItsOwn() {
		run((context) -> {
			transaction(context).executeWithoutResult((status) -> {
				assertThat(ledger(context).writeInRequiredTransaction("joined")).as("new transaction").isFalse();
				status.setRollbackOnly();
			});
			assertThat(entries(context)).isEmpty();
			assertThat(ledger(context).writeInRequiredTransaction("own")).as("new transaction").isTrue();
			assertThat(entries(context)).containsExactly("own");
		});
	}

	@Test
	void resourceThatTheOffloadedCallBindsAndLeavesBoundComesBackToTheCaller() {
		run((context) -> transaction(context).executeWithoutResult((status) -> {
			ledger(context).bind("left-by-call", "value");
			assertThat(TransactionSynchronizationManager.getResource("left-by-call")).isEqualTo("value");
			TransactionSynchronizationManager.unbindResource("left-by-call");
		}));
	}

	@Test
	void plainExecuteInsideATransactionJoinsItToo() {
		run((context) -> {
			Tpool pool = context.getBean(Tpool.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			transaction(context).executeWithoutResult((status) -> {
				assertThat(pool.execute(TransactionSynchronizationManager::isActualTransactionActive)).isTrue();
				pool.execute(() -> jdbc.update("INSERT INTO entries (name) VALUES ('executed')"));
				status.setRollbackOnly();
			});
			assertThat(entries(context)).isEmpty();
		});
	}

	@Test
	void submitNeverCarriesATransaction() {
		run((context) -> {
			Tpool pool = context.getBean(Tpool.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			transaction(context).executeWithoutResult((status) -> {
				assertThat(pool.submit(TransactionSynchronizationManager::isActualTransactionActive).join()).isFalse();
				assertThat(pool.submit(TransactionSynchronizationManager::getResourceMap).join()).isEmpty();
				pool.submit(() -> jdbc.update("INSERT INTO entries (name) VALUES ('submitted')")).join();
				status.setRollbackOnly();
			});
			assertThat(entries(context)).containsExactly("submitted");
		});
	}

	@Test
	void nothingOfTheCallersTransactionStaysOnThePoolThreadForTheNextTask() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			Tpool pool = context.getBean(Tpool.class);
			transaction(context).executeWithoutResult((status) -> {
				ledger(context).write("offloaded");
				ledger(context).registerSynchronization(new CopyOnWriteArrayList<>());
				ledger(context).writeInNewTransaction("independent");
			});
			assertThat(pool.execute(OffloadedTransactionTests::threadState)).isEqualTo(ThreadState.EMPTY);
			assertThat(pool.submit(OffloadedTransactionTests::threadState).join()).isEqualTo(ThreadState.EMPTY);
		}));
	}

	@Test
	void transactionStateThatACallLeavesWithoutACallerTransactionIsRemovedBeforeTheNextTask() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			Tpool pool = context.getBean(Tpool.class);
			pool.execute(() -> {
				TransactionSynchronizationManager.bindResource("left", "behind");
				TransactionSynchronizationManager.initSynchronization();
				TransactionSynchronizationManager.setActualTransactionActive(true);
			});
			assertThat(pool.execute(OffloadedTransactionTests::threadState)).isEqualTo(ThreadState.EMPTY);
		}));
	}

	@Test
	void offloadedCallThatFailsInsideATransactionStillRejoinsAndLeavesNothingBehind() {
		this.contextRunner.withPropertyValues("tpool.size=1").run(timed((context) -> {
			Tpool pool = context.getBean(Tpool.class);
			List<String> events = new CopyOnWriteArrayList<>();
			transaction(context).executeWithoutResult((status) -> {
				assertThatIllegalStateException()
					.isThrownBy(() -> ledger(context).registerSynchronizationAndFail(events));
				status.setRollbackOnly();
			});
			assertThat(events).endsWith("afterCompletion rolled back on " + Thread.currentThread().getName());
			assertThat(pool.execute(OffloadedTransactionTests::threadState)).isEqualTo(ThreadState.EMPTY);
		}));
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		this.contextRunner.run(timed(test));
	}

	/** A hang fails the test instead of blocking the build. */
	static ContextConsumer<AssertableApplicationContext> timed(ContextConsumer<AssertableApplicationContext> test) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(JdbcTemplate.class)
				.execute("CREATE TABLE IF NOT EXISTS entries (name VARCHAR(64) PRIMARY KEY)");
			assertTimeoutPreemptively(TIMEOUT, () -> test.accept(context));
		};
	}

	private static TransactionTemplate transaction(AssertableApplicationContext context) {
		return new TransactionTemplate(context.getBean(TransactionTemplate.class).getTransactionManager());
	}

	private static Ledger ledger(AssertableApplicationContext context) {
		return context.getBean(Ledger.class);
	}

	private static List<String> entries(AssertableApplicationContext context) {
		return context.getBean(JdbcTemplate.class).queryForList("SELECT name FROM entries ORDER BY name", String.class);
	}

	static ThreadState threadState() {
		return new ThreadState(TransactionSynchronizationManager.getResourceMap().size(),
				TransactionSynchronizationManager.isSynchronizationActive(),
				TransactionSynchronizationManager.getCurrentTransactionName(),
				TransactionSynchronizationManager.isCurrentTransactionReadOnly(),
				TransactionSynchronizationManager.getCurrentTransactionIsolationLevel(),
				TransactionSynchronizationManager.isActualTransactionActive());
	}

	record ThreadState(int resources, boolean synchronizationActive, @Nullable String name, boolean readOnly,
			@Nullable Integer isolationLevel, boolean active) {

		static final ThreadState EMPTY = new ThreadState(0, false, null, false, null, false);

	}

	record TransactionView(boolean onPoolThread, boolean active, @Nullable String name, boolean readOnly,
			@Nullable Integer isolationLevel, boolean synchronizationActive) {

	}

	@Configuration(proxyBeanMethods = false)
	static class LedgerConfiguration {

		@Bean
		Ledger ledger(JdbcTemplate jdbc, DataSource dataSource) {
			return new Ledger(jdbc, dataSource);
		}

	}

	/** Writes entries, as a legacy client would, on the pool. */
	@Offload
	static class Ledger {

		private final JdbcTemplate jdbc;

		private final DataSource dataSource;

		Ledger(JdbcTemplate jdbc, DataSource dataSource) {
			this.jdbc = jdbc;
			this.dataSource = dataSource;
		}

		public void write(String name) {
			this.jdbc.update("INSERT INTO entries (name) VALUES (?)", name);
		}

		@Transactional(propagation = Propagation.REQUIRES_NEW)
		public void writeInNewTransaction(String name) {
			write(name);
		}

		@Transactional
		public boolean writeInRequiredTransaction(String name) {
			write(name);
			return TransactionAspectSupport.currentTransactionStatus().isNewTransaction();
		}

		public String thread() {
			return Thread.currentThread().getName();
		}

		public Connection connection() {
			Connection connection = DataSourceUtils.getConnection(this.dataSource);
			DataSourceUtils.releaseConnection(connection, this.dataSource);
			return connection;
		}

		public TransactionView transaction() {
			return new TransactionView(Thread.currentThread().getName().startsWith("tpool-"),
					TransactionSynchronizationManager.isActualTransactionActive(),
					TransactionSynchronizationManager.getCurrentTransactionName(),
					TransactionSynchronizationManager.isCurrentTransactionReadOnly(),
					TransactionSynchronizationManager.getCurrentTransactionIsolationLevel(),
					TransactionSynchronizationManager.isSynchronizationActive());
		}

		public void registerSynchronization(List<String> events) {
			TransactionSynchronizationManager.registerSynchronization(new RecordingSynchronization(events));
		}

		public void registerSynchronizationAndFail(List<String> events) {
			registerSynchronization(events);
			throw new IllegalStateException("failed after registering");
		}

		public void bind(String key, String value) {
			TransactionSynchronizationManager.bindResource(key, value);
		}

	}

	private record RecordingSynchronization(List<String> events) implements TransactionSynchronization {

		@Override
		public void beforeCommit(boolean readOnly) {
			record("beforeCommit");
		}

		@Override
		public void beforeCompletion() {
			record("beforeCompletion");
		}

		@Override
		public void afterCommit() {
			record("afterCommit");
		}

		@Override
		public void afterCompletion(int status) {
			record("afterCompletion " + ((status == STATUS_COMMITTED) ? "committed" : "rolled back"));
		}

		private void record(String event) {
			this.events.add(event + " on " + Thread.currentThread().getName());
		}

	}

}
