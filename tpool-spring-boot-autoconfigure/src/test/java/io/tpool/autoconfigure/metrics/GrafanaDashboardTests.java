package io.tpool.autoconfigure.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.tpool.Tpool;
import io.tpool.TpoolTimeoutException;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import io.tpool.watchdog.CarrierWatchdog;
import io.tpool.autoconfigure.watchdog.TpoolWatchdogAutoConfiguration;
import io.tpool.testsupport.NativeSleep;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the Grafana dashboard that the auto-configuration ships, {@value #DASHBOARD}:
 * it is JSON that Grafana imports, and every metric and label that its PromQL queries is
 * one that the starter publishes. What the starter publishes is read from the Prometheus
 * scrape of a real application (the auto-configuration, Boot's Prometheus registry,
 * histograms enabled for both timers) after calls that make every series exist: a
 * success, a failure, a rejection, a timeout and a starvation that the carrier watchdog
 * counts.
 *
 * @since 0.2.0
 */
class GrafanaDashboardTests {

	static final String DASHBOARD = "META-INF/tpool/grafana-dashboard.json";

	private static final String DATA_SOURCE = "${DS_PROMETHEUS}";

	/** Labels that Prometheus gives every series it scrapes. */
	private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

	private static final JsonMapper mapper = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final List<Scrape> scrapes = new ArrayList<>();

	/** Micrometer's meter names by the Prometheus names of their series' family. */
	private static final Map<String, String> meterNames = new TreeMap<>();

	private final JsonNode dashboard = readDashboard();

	@BeforeAll
	static void scrapeAnApplicationThatUsedEveryMeter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					PrometheusMetricsExportAutoConfiguration.class, TpoolAutoConfiguration.class,
					TpoolMetricsAutoConfiguration.class, TpoolWatchdogAutoConfiguration.class))
			.withPropertyValues("tpool.size=1", "tpool.queue-capacity=1",
					"management.metrics.distribution.percentiles-histogram.tpool.queue.wait=true",
					"management.metrics.distribution.percentiles-histogram.tpool.execution=true")
			.run((context) -> {
				Tpool pool = context.getBean(Tpool.class);
				PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
				useEveryMeter(pool);
				starveACarrier(registry);
				scrapes.add(Scrape.parse("Prometheus text", registry.scrape(PrometheusTextFormatWriter.CONTENT_TYPE)));
				scrapes.add(Scrape.parse("OpenMetrics", registry.scrape(OpenMetricsTextFormatWriter.CONTENT_TYPE)));
				for (Meter meter : registry.getMeters()) {
					Meter.Id id = meter.getId();
					meterNames.put(
							registry.config().namingConvention().name(id.getName(), id.getType(), id.getBaseUnit()),
							id.getName());
				}
			});
	}

	private static void useEveryMeter(Tpool pool) throws Exception {
		assertThat(pool.execute(() -> 1)).isEqualTo(1);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> pool.execute(() -> {
			throw new IllegalStateException("failed");
		}));
		assertThatExceptionOfType(TpoolTimeoutException.class)
			.isThrownBy(() -> pool.execute(() -> Thread.sleep(10_000), Duration.ofMillis(50)));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Integer> running = pool.submit(() -> {
			started.countDown();
			release.await();
			return 2;
		});
		started.await();
		CompletableFuture<Integer> queued = pool.submit(() -> 3);
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> pool.submit(() -> 4));
		release.countDown();
		assertThat(running.join() + queued.join()).isEqualTo(5);
	}

	/**
	 * Virtual threads call {@code usleep} directly, keeping both carriers, until the
	 * watchdog has counted an episode.
	 */
	private static void starveACarrier(PrometheusMeterRegistry registry) throws InterruptedException {
		CountDownLatch counted = new CountDownLatch(1);
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			callers.add(Thread.ofVirtual().start(() -> {
				while (counted.getCount() > 0) {
					NativeSleep.sleep(20);
				}
			}));
		}
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registry.find(TpoolWatchdogAutoConfiguration.STARVATIONS_METER).counter() != null);
		}
		finally {
			counted.countDown();
			for (Thread caller : callers) {
				caller.join();
			}
		}
	}

	@Test
	void dashboardAsksForAPrometheusDataSourceOnImportAndUsesItEverywhere() {
		assertThat(this.dashboard.path("__inputs")).singleElement().satisfies((input) -> {
			assertThat(input.path("name").asString()).isEqualTo("DS_PROMETHEUS");
			assertThat(input.path("type").asString()).isEqualTo("datasource");
			assertThat(input.path("pluginId").asString()).isEqualTo("prometheus");
		});
		List<JsonNode> users = new ArrayList<>();
		panels(this.dashboard).stream().filter((panel) -> !isRow(panel)).forEach((panel) -> {
			users.add(panel);
			panel.path("targets").forEach(users::add);
		});
		this.dashboard.path("templating").path("list").forEach(users::add);
		assertThat(users).isNotEmpty().allSatisfy((user) -> {
			assertThat(user.path("datasource").path("type").asString()).isEqualTo("prometheus");
			assertThat(user.path("datasource").path("uid").asString()).isEqualTo(DATA_SOURCE);
		});
	}

	@Test
	void everyPanelHasATitleADescriptionAPlaceAndAUniqueId() {
		List<JsonNode> panels = panels(this.dashboard);
		assertThat(panels).allSatisfy((panel) -> {
			assertThat(panel.path("title").asString("")).isNotBlank();
			assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
			assertThat(panel.path("gridPos").path("h").asInt()).isPositive();
			if (!isRow(panel)) {
				assertThat(panel.path("description").asString("")).as(panel.path("title").asString()).isNotBlank();
				assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
			}
		});
		assertThat(panels.stream().map((panel) -> panel.path("id").asInt())).doesNotHaveDuplicates();
		assertThat(this.dashboard.path("uid").asString("")).isNotBlank();
		assertThat(this.dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
	}

	@Test
	void poolIsChosenWithAMultiSelectNameVariableThatEveryPoolQueryFollows() {
		JsonNode name = variables(this.dashboard).get("name");
		assertThat(name).isNotNull();
		assertThat(name.path("type").asString()).isEqualTo("query");
		assertThat(name.path("multi").asBoolean()).isTrue();
		assertThat(Query.parse(variableQuery(name)).variableLabel()).isEqualTo("name");
		assertThat(problems(this.dashboard, scrapes.getFirst()))
			.filteredOn((problem) -> problem.contains("does not follow"))
			.isEmpty();
	}

	@Test
	void everyMetricAndLabelThatTheDashboardQueriesIsPublishedByTheStarter() {
		assertThat(queries(this.dashboard)).isNotEmpty();
		for (Scrape scrape : scrapes) {
			assertThat(problems(this.dashboard, scrape)).as("in the %s scrape", scrape.format()).isEmpty();
		}
	}

	@Test
	void panelsThatQueryHistogramBucketsNameTheSettingThatPublishesThem() {
		for (JsonNode panel : panels(this.dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				for (String metric : Query.parse(target.path("expr").asString()).metrics()) {
					if (metric.endsWith("_bucket")) {
						String meter = meterNames.get(metric.substring(0, metric.length() - "_bucket".length()));
						assertThat(meter).as(metric).isNotNull();
						assertThat(panel.path("description").asString()).as(panel.path("title").asString())
							.contains("management.metrics.distribution.percentiles-histogram." + meter + "=true");
					}
				}
			}
		}
	}

	@Test
	void everyMeterThatTheStarterPublishesIsCharted() {
		Set<String> queried = new TreeSet<>();
		queries(this.dashboard).values().forEach((query) -> queried.addAll(query.metrics()));
		Set<String> samples = scrapes.getFirst().samples().keySet();
		meterNames.forEach((family, meter) -> {
			if (meter.startsWith("tpool.")) {
				assertThat(queried).as(meter)
					.anyMatch((metric) -> metric.equals(family) || metric.startsWith(family + "_")
							&& samples.contains(metric) && !meterNames.containsKey(metric));
				if (samples.contains(family + "_bucket")) {
					assertThat(queried).as(meter + " percentiles").contains(family + "_bucket");
				}
			}
		});
	}

	@Test
	void aMisspelledMetricInAnyQueryFailsTheCheck() throws IOException {
		String text = dashboardText();
		Set<String> metrics = new TreeSet<>();
		queries(this.dashboard).values().forEach((query) -> metrics.addAll(query.metrics()));
		assertThat(metrics).isNotEmpty();
		for (String metric : metrics) {
			String misspelled = metric.substring(0, metric.length() / 2) + metric.substring(metric.length() / 2 + 1);
			JsonNode doctored = mapper
				.readTree(text.replaceAll("(?<![\\w:])" + Pattern.quote(metric) + "(?![\\w:])", misspelled));
			assertThat(problems(doctored, scrapes.getFirst())).as(misspelled)
				.anySatisfy((problem) -> assertThat(problem).contains("`" + misspelled + "` is not published"));
		}
	}

	@Test
	void queriesAreReadForTheirMetricsAndLabelsNotForFunctionsKeywordsDurationsOrVariables() {
		Query query = Query
			.parse("sum by (name, le) (rate(a_bucket{name=~\"$name\", x=\"}\"}[$__rate_interval] offset 5m))"
					+ " / on (name) group_left (outcome) b_total * 1e3 > bool 0.5"
					+ " or label_replace(c, \"d\", \"$1\", \"e\", \"(.*)\") unless topk($k, d:rule[5m:1m])");
		assertThat(query.metrics()).containsExactly("a_bucket", "b_total", "c", "d:rule");
		assertThat(query.selectors().getFirst().matchers()).containsExactly(entry("name", "=~\"$name\""),
				entry("x", "=\"}\""));
		assertThat(query.groupingLabels()).containsExactly("name", "le", "outcome");
		Query variable = Query.parse("label_values(e{name=~\"$name\", f=\"g\"}, instance)");
		assertThat(variable.metrics()).containsExactly("e");
		assertThat(variable.variableLabel()).isEqualTo("instance");
	}

	/**
	 * What the dashboard queries that the scrape does not have: metrics, labels of a
	 * selector or of a grouping, and selectors that ignore a variable.
	 */
	private static List<String> problems(JsonNode dashboard, Scrape scrape) {
		List<String> problems = new ArrayList<>();
		Map<String, String> variableLabels = new LinkedHashMap<>();
		variables(dashboard).forEach((variable, node) -> {
			String label = Query.parse(variableQuery(node)).variableLabel();
			if (label != null) {
				variableLabels.put(variable, label);
			}
		});
		queries(dashboard).forEach((where, query) -> {
			Set<String> unpublished = new TreeSet<>(query.metrics());
			unpublished.removeAll(scrape.samples().keySet());
			unpublished.forEach((metric) -> problems
				.add(where + ": `" + metric + "` is not published; the scrape has " + scrape.samples().keySet()));
			Set<String> labels = new TreeSet<>(TARGET_LABELS);
			for (Selector selector : query.selectors()) {
				if (unpublished.contains(selector.metric())) {
					continue;
				}
				Set<String> published = new TreeSet<>(TARGET_LABELS);
				published.addAll(scrape.samples().get(selector.metric()));
				labels.addAll(published);
				for (String label : selector.matchers().keySet()) {
					if (!published.contains(label)) {
						problems.add(where + ": `" + selector.metric() + "` has no label `" + label + "`");
					}
				}
				if (!where.startsWith("variable ")) {
					variableLabels.forEach((variable, label) -> {
						String matcher = "=~\"$" + variable + "\"";
						if (published.contains(label) && !matcher.equals(selector.matchers().get(label))) {
							problems.add(where + ": `" + selector.metric() + "` does not follow the variable "
									+ variable + " with " + label + matcher);
						}
					});
				}
			}
			if (unpublished.isEmpty()) {
				for (String label : query.groupingLabels()) {
					if (!labels.contains(label)) {
						problems
							.add(where + ": no metric of `" + query.expression() + "` has the label `" + label + "`");
					}
				}
			}
		});
		return problems;
	}

	/** The PromQL of the dashboard's panels and variables, by where it is. */
	private static Map<String, Query> queries(JsonNode dashboard) {
		Map<String, Query> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				String expr = target.path("expr").asString("");
				assertThat(expr).as(panel.path("title").asString()).isNotBlank();
				queries.put("panel \"" + panel.path("title").asString() + "\" query " + target.path("refId").asString(),
						Query.parse(expr));
			}
		}
		variables(dashboard).forEach((name, variable) -> {
			queries.put("variable " + name, Query.parse(variableQuery(variable)));
			queries.put("variable " + name + " definition", Query.parse(variable.path("definition").asString()));
		});
		return queries;
	}

	private static Map<String, JsonNode> variables(JsonNode dashboard) {
		Map<String, JsonNode> variables = new LinkedHashMap<>();
		dashboard.path("templating").path("list").forEach((variable) -> {
			if (variable.path("type").asString().equals("query")) {
				variables.put(variable.path("name").asString(), variable);
			}
		});
		return variables;
	}

	private static String variableQuery(JsonNode variable) {
		JsonNode query = variable.path("query");
		return query.isString() ? query.asString() : query.path("query").asString();
	}

	/** Every panel, rows and the panels of collapsed rows included. */
	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	private static boolean isRow(JsonNode panel) {
		return panel.path("type").asString().equals("row");
	}

	private static JsonNode readDashboard() {
		try {
			return mapper.readTree(dashboardText());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String dashboardText() throws IOException {
		try (InputStream in = GrafanaDashboardTests.class.getClassLoader().getResourceAsStream(DASHBOARD)) {
			assertThat(in).as(DASHBOARD).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * The series of a scrape.
	 *
	 * @param format the exposition format
	 * @param samples the label names of each sample name (a histogram's {@code _bucket},
	 * {@code _count} and {@code _sum}, a counter's {@code _total})
	 */
	private record Scrape(String format, Map<String, Set<String>> samples) {

		private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][\\w:]*");

		private static final Pattern LABEL = Pattern
			.compile("\\s*([a-zA-Z_]\\w*)\\s*=\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*,?");

		static Scrape parse(String format, String text) {
			Map<String, Set<String>> samples = new TreeMap<>();
			text.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
				Matcher sample = SAMPLE.matcher(line);
				assertThat(sample.lookingAt()).as(line).isTrue();
				Set<String> labels = samples.computeIfAbsent(sample.group(), (key) -> new TreeSet<>());
				if (sample.end() < line.length() && line.charAt(sample.end()) == '{') {
					Matcher label = LABEL.matcher(line).region(sample.end() + 1, line.length());
					while (label.lookingAt()) {
						labels.add(label.group(1));
						label.region(label.end(), line.length());
					}
				}
			});
			assertThat(samples).as(format).isNotEmpty();
			return new Scrape(format, samples);
		}

	}

	/**
	 * A series selector of a query.
	 *
	 * @param metric the metric's name
	 * @param matchers the label matchers: operator and quoted value by label
	 */
	private record Selector(String metric, Map<String, String> matchers) {

	}

	/**
	 * What a PromQL query, or a Grafana {@code label_values} variable query, reads:
	 * enough of PromQL to find the selectors (a metric's name, an identifier that is not
	 * a function, a keyword, a label or a duration, and its label matchers) and the
	 * labels of groupings.
	 *
	 * @param expression the query
	 * @param selectors the selectors, one for each time that a metric is named
	 * @param groupingLabels the labels of {@code by}, {@code without}, {@code on},
	 * {@code ignoring} and {@code group_left/right} clauses, and the label of a
	 * {@code label_values} query
	 * @param variableLabel the label whose values a {@code label_values} query lists, or
	 * {@code null}
	 */
	private record Query(String expression, List<Selector> selectors, Set<String> groupingLabels,
			@Nullable String variableLabel) {

		private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");

		private static final Pattern LABEL_VALUES = Pattern
			.compile("^\\s*label_values\\s*\\(\\s*(?:(.*)\\s*,\\s*)?([a-zA-Z_]\\w*)\\s*\\)\\s*$");

		private static final Pattern MATCHERS = Pattern.compile("\\s*\\{([^}]*)}");

		private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"(\\d+)\"");

		private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

		private static final Pattern GROUPING = Pattern
			.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

		private static final Pattern IDENTIFIER = Pattern
			.compile("(?<![\\w:.$#])([a-zA-Z_:][\\w:]*)(?:#(\\d+))?(\\s*\\()?");

		private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
				"atan2");

		static Query parse(String expression) {
			List<String> strings = new ArrayList<>();
			String query = STRING.matcher(expression).replaceAll((string) -> {
				strings.add(string.group());
				return "\"" + (strings.size() - 1) + "\"";
			});
			Set<String> groupingLabels = new LinkedHashSet<>();
			String variableLabel = null;
			Matcher labelValues = LABEL_VALUES.matcher(query);
			if (labelValues.matches()) {
				variableLabel = labelValues.group(2);
				groupingLabels.add(variableLabel);
				query = Objects.requireNonNullElse(labelValues.group(1), "");
			}
			List<Map<String, String>> matchers = new ArrayList<>();
			query = MATCHERS.matcher(query).replaceAll((braces) -> {
				Map<String, String> labels = new LinkedHashMap<>();
				Matcher matcher = MATCHER.matcher(braces.group(1));
				while (matcher.find()) {
					labels.put(matcher.group(1), matcher.group(2) + strings.get(Integer.parseInt(matcher.group(3))));
				}
				matchers.add(labels);
				return "#" + (matchers.size() - 1);
			});
			query = RANGE.matcher(query).replaceAll(" ");
			Matcher grouping = GROUPING.matcher(query);
			while (grouping.find()) {
				for (String label : grouping.group(1).split(",")) {
					if (!label.isBlank()) {
						groupingLabels.add(label.strip());
					}
				}
			}
			query = grouping.replaceAll(" ").replaceAll("\"\\d+\"", " ");
			List<Selector> selectors = new ArrayList<>();
			Matcher identifier = IDENTIFIER.matcher(query);
			while (identifier.find()) {
				if (identifier.group(3) == null && !KEYWORDS.contains(identifier.group(1).toLowerCase(Locale.ROOT))) {
					selectors.add(new Selector(identifier.group(1), (identifier.group(2) != null)
							? matchers.get(Integer.parseInt(identifier.group(2))) : Map.of()));
				}
			}
			return new Query(expression, selectors, groupingLabels, variableLabel);
		}

		Set<String> metrics() {
			Set<String> metrics = new LinkedHashSet<>();
			this.selectors.forEach((selector) -> metrics.add(selector.metric()));
			return metrics;
		}

	}

}
