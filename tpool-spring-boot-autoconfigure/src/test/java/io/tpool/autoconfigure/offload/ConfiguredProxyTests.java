package io.tpool.autoconfigure.offload;

import com.zaxxer.hikari.HikariDataSource;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.testsupport.H2Functions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the beans named under {@code tpool.proxies}: which of their methods run on
 * the pool, and the failure report for a setting that cannot work.
 */
class ConfiguredProxyTests {

	private static final String GREETER = Greeter.class.getName();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TpoolAutoConfiguration.class))
		.withBean("legacy", Legacy.class);

	@Test
	void onlyTheMethodsOfTheConfiguredInterfacesRunOnThePool() {
		this.contextRunner.withPropertyValues("tpool.proxies.legacy.interfaces=" + GREETER).run((context) -> {
			assertThat(context).hasNotFailed();
			Legacy legacy = context.getBean(Legacy.class);
			assertThat(legacy.greet()).startsWith("tpool-");
			assertThat(legacy.status()).isEqualTo(Thread.currentThread().getName());
			assertThat(OffloadProxyingTests.offloaded(context, "legacy").methods()).containsExactly("greet");
		});
	}

	@Test
	void withoutInterfacesEveryPublicMethodRunsOnThePool() {
		this.contextRunner.withPropertyValues("tpool.proxies.legacy.autowrap=java.util.Iterator").run((context) -> {
			Legacy legacy = context.getBean(Legacy.class);
			assertThat(legacy.greet()).startsWith("tpool-");
			assertThat(legacy.status()).startsWith("tpool-");
			assertThat(OffloadProxyingTests.offloaded(context, "legacy").methods()).containsExactly("greet", "status");
		});
	}

	@Test
	void bootsDataSourceProxiedAsADataSourceRunsJdbcOnThePoolAndTheConnectionPoolsGettersOnTheCaller() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TpoolAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:configured-interfaces",
					"tpool.proxies.dataSource.interfaces=javax.sql.DataSource",
					"tpool.proxies.dataSource.autowrap=java.sql.Connection,java.sql.Statement,"
							+ "java.sql.PreparedStatement,java.sql.ResultSet")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				jdbc.execute(H2Functions.CREATE_THREAD_NAME);
				assertThat(jdbc.queryForObject("SELECT THREAD_NAME()", String.class)).startsWith("tpool-");
				Tpool pool = context.getBean(Tpool.class);
				long completed = pool.stats().completed();
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getMaximumPoolSize()).isPositive();
				assertThat(dataSource.getHikariPoolMXBean().getTotalConnections()).isPositive();
				assertThat(pool.stats().completed()).as("calls on the pool").isEqualTo(completed);
			});
	}

	@Test
	void interfaceThatDoesNotExistFailsTheStartWithAReport() {
		this.contextRunner.withPropertyValues("tpool.proxies.legacy.interfaces=javax.sql.DataSorce").run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription())
				.contains("tpool.proxies.legacy.interfaces is 'javax.sql.DataSorce' (from "
						+ "\"tpool.proxies.legacy.interfaces\" from property source \"test\")")
				.contains("no class javax.sql.DataSorce is on the class path");
			assertThat(analysis.getAction()).contains("tpool.proxies.legacy.interfaces");
		});
	}

	@Test
	void interfacesThatNameAClassFailTheStartWithAReport() {
		this.contextRunner.withPropertyValues("tpool.proxies.legacy.interfaces=" + GREETER + ",java.util.ArrayList")
			.run((context) -> {
				FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
				assertThat(analysis.getDescription())
					.contains("tpool.proxies.legacy.interfaces is '" + GREETER + ",java.util.ArrayList' (from ")
					.contains("java.util.ArrayList is not an interface");
				assertThat(analysis.getAction()).contains("List only interfaces under tpool.proxies.legacy.interfaces");
			});
	}

	@Test
	void interfaceThatTheBeanDoesNotImplementFailsTheStartWithAReport() {
		this.contextRunner.withPropertyValues("tpool.proxies.legacy.interfaces=java.sql.Connection").run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription()).contains("tpool.proxies.legacy.interfaces is 'java.sql.Connection'")
				.contains("bean 'legacy' (" + Legacy.class.getName() + ") does not implement java.sql.Connection");
		});
	}

	@Test
	void autowrapThatDoesNotExistFailsTheStartWithAReport() {
		this.contextRunner.withPropertyValues("tpool.proxies.legacy.autowrap=java.sql.ResultSet,java.sql.Cursor")
			.run((context) -> {
				FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
				assertThat(analysis.getDescription())
					.contains("tpool.proxies.legacy.autowrap is 'java.sql.ResultSet,java.sql.Cursor' (from ")
					.contains("no class java.sql.Cursor is on the class path");
			});
	}

	@Test
	void autowrapThatNamesAClassFailsTheStartWithAReport() {
		this.contextRunner.withPropertyValues("tpool.proxies.legacy.autowrap=java.util.ArrayList").run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription()).contains("tpool.proxies.legacy.autowrap is 'java.util.ArrayList'")
				.contains("(from \"tpool.proxies.legacy.autowrap\" from property source \"test\")")
				.contains("java.util.ArrayList is not an interface");
			assertThat(analysis.getAction()).contains("List only interfaces under tpool.proxies.legacy.autowrap");
		});
	}

	@Test
	void beanThatDoesNotExistFailsTheStartWithAReport() {
		this.contextRunner.withPropertyValues("tpool.proxies.dataSauce.autowrap=java.sql.Connection").run((context) -> {
			FailureAnalysis analysis = OffloadProxyingTests.analyze(context);
			assertThat(analysis.getDescription())
				.contains("tpool.proxies.dataSauce.autowrap is 'java.sql.Connection' (from "
						+ "\"tpool.proxies.dataSauce.autowrap\" from property source \"test\")")
				.contains("no bean of this application is named dataSauce");
			assertThat(analysis.getAction()).contains("existing bean").contains("remove tpool.proxies.dataSauce");
		});
	}

	public interface Greeter {

		String greet();

	}

	public static class Legacy implements Greeter {

		@Override
		public String greet() {
			return Thread.currentThread().getName();
		}

		public String status() {
			return Thread.currentThread().getName();
		}

	}

}
