package io.tpool.autoconfigure.endpoint;

import java.time.Duration;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.tpool.Offload;
import io.tpool.Tpool;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.autoconfigure.endpoint.TpoolEndpoint.PoolDescriptor;
import io.tpool.autoconfigure.offload.OffloadedBean;
import io.tpool.autoconfigure.offload.OffloadedCall;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code tpool} endpoint with several pools: what it reads, the pools and
 * deadlines of the offloaded calls, and its write operation outside the web (JMX).
 */
class TpoolEndpointPoolsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=tpool", "tpool.pools.duckdb.size=4",
				"tpool.pools.duckdb.timeout=2s");

	@Test
	void readListsEveryPoolTheDefaultPoolFirst() {
		this.contextRunner.run((context) -> {
			TpoolEndpoint endpoint = context.getBean(TpoolEndpoint.class);
			assertThat(endpoint.tpool().pools()).extracting(PoolDescriptor::name).containsExactly("tpool", "duckdb");
			PoolDescriptor duckdb = endpoint.tpool().pools().get(1);
			assertThat(duckdb.size()).isEqualTo(4);
			assertThat(duckdb.threads()).isZero();
			assertThat(duckdb.timeout()).hasSeconds(2);
			assertThat(duckdb.maxQueueWait()).isNull();
			assertThat(duckdb.keepAlive()).isEqualTo(Tpool.DEFAULT_KEEP_ALIVE);
		});
	}

	@Test
	void offloadedBeanGivesThePoolAndTheDeadlineOfTheCallsOfEachMethod() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonEndpointAutoConfiguration.class))
			.withBean("reports", Reports.class)
			.run((context) -> {
				TpoolEndpoint endpoint = context.getBean(TpoolEndpoint.class);
				OffloadedBean reports = endpoint.tpool().offloaded().get(0);
				assertThat(reports.methods()).containsExactly("archive", "daily");
				assertThat(reports.calls()).containsExactly(new OffloadedCall("archive", "tpool", null),
						new OffloadedCall("daily", "duckdb", Duration.ofSeconds(2)),
						new OffloadedCall("daily", "duckdb", Duration.ofMillis(500)));
				// As actuator writes it, which leaves out other null values.
				String json = context.getBean(EndpointJsonMapper.class).get().writeValueAsString(endpoint.tpool());
				DocumentContext document = JsonPath.parse(json);
				assertThat(document.read("$.offloaded[0].calls[0]", Map.class)).containsEntry("method", "archive")
					.containsEntry("pool", "tpool")
					.containsEntry("timeout", null);
				assertThat(document.read("$.offloaded[0].calls[1]", Map.class)).containsEntry("method", "daily")
					.containsEntry("pool", "duckdb")
					.containsEntry("timeout", "PT2S");
				assertThat(document.read("$.offloaded[0].calls[2].timeout", String.class)).isEqualTo("PT0.5S");
			});
	}

	@Test
	void writeOperationResizesThePoolOfThatName() {
		this.contextRunner.run((context) -> {
			PoolDescriptor resized = context.getBean(TpoolEndpoint.class).resize("duckdb", 8);
			assertThat(resized.name()).isEqualTo("duckdb");
			assertThat(resized.size()).isEqualTo(8);
			assertThat(context.getBean("duckdbTpool", Tpool.class).size()).isEqualTo(8);
		});
	}

	@Test
	void writeOperationRefusesASizeOutOfRangeSayingWhy() {
		this.contextRunner.run((context) -> {
			TpoolEndpoint endpoint = context.getBean(TpoolEndpoint.class);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.resize("duckdb", 0))
				.withMessage("The size must be from 1 to 10000, but was 0");
			assertThat(context.getBean("duckdbTpool", Tpool.class).size()).isEqualTo(4);
		});
	}

	@Test
	void writeOperationRefusesAnUnknownPoolNamingThePools() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> context.getBean(TpoolEndpoint.class).resize("duckdbb", 4))
			.withMessage("No pool is named 'duckdbb'; the pools are tpool, duckdb"));
	}

	@Test
	void webExtensionIsThereWhenTheEndpointIsExposedOnTheWeb() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TpoolEndpointWebExtension.class));
	}

	@Test
	void webExtensionIsNotThereWhenTheEndpointIsExposedOnlyOverJmx() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolEndpointAutoConfiguration.class))
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=tpool")
			.run((context) -> assertThat(context).hasSingleBean(TpoolEndpoint.class)
				.doesNotHaveBean(TpoolEndpointWebExtension.class));
	}

	@Offload(pool = "duckdb")
	public static class Reports {

		public String daily() {
			return Thread.currentThread().getName();
		}

		@Offload(timeout = "500ms")
		public String daily(int day) {
			return Thread.currentThread().getName() + day;
		}

		@Offload(pool = "tpool")
		public String archive() {
			return Thread.currentThread().getName();
		}

		String local() {
			return Thread.currentThread().getName();
		}

	}

}
