package io.tpool.demo.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the dashboard in a headless Chromium: the page shows every pool, and a burst
 * moves the charts. The page publishes the peaks of what it charted as data attributes of
 * {@code #dashboard}. Needs Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs.
 *
 * @since 0.1.0
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EnabledIf(value = "browserInstalled",
		disabledReason = "needs /usr/bin/chromium and /usr/bin/chromedriver (CI=true runs it regardless)")
class DashboardBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	private ChromeDriver browser;

	/**
	 * Whether to run: where the browser is missing the test is skipped on a developer's
	 * machine, but on CI ({@code CI=true}, where {@code .ci/run} installs it) it runs and
	 * fails, so that a broken install cannot pass unseen.
	 * @return whether the browser is installed or this is CI
	 */
	static boolean browserInstalled() {
		return "true".equals(System.getenv("CI")) || (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
	}

	@BeforeEach
	void openDashboard(@TempDir Path profile) {
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--window-size=1200,1000", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.get("http://localhost:" + this.port + "/");
		waitUntil("the page has charted samples", () -> number("data-samples") > 0);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void thePageShowsEveryPool() {
		waitUntil("the pools' table has a row for each pool",
				() -> this.browser.findElements(By.cssSelector("#pools-now tr")).size() == 3);
		assertThat(this.browser.findElements(By.cssSelector("#pools-now tr")))
			.extracting((row) -> row.getDomAttribute("data-pool"))
			.containsExactly("tpool", "duckdb", "sqlite");
		waitUntil("the pool duckdb's row shows it idle, of size 2",
				() -> this.browser.findElement(By.cssSelector("#pools-now tr[data-pool=duckdb]"))
					.getText()
					.startsWith("duckdb 0 / 2 0 "));
		assertThat(this.browser.findElement(By.id("legend-pool")).getText()).contains("tpool utilization",
				"tpool saturation", "duckdb utilization", "duckdb saturation", "sqlite utilization",
				"sqlite saturation");
	}

	@Test
	void anOffloadedBurstMovesThePoolChart() {
		long before = waitForIdlePool();
		this.browser.findElement(By.id("burst-offloaded")).click();
		waitUntil("the pool chart shows busy threads and queued calls",
				() -> peakAfter(before, "active", "tpool") > 0 && peakAfter(before, "saturation", "tpool") > 1);
		assertThat(number("data-drawn-seq")).isGreaterThan(before);
		assertThat(this.browser.findElement(By.id("burst-status")).getText()).contains("offloaded");
		assertThat(peakAfter(before, "active", "duckdb")).isZero();
	}

	@Test
	void aDirectBurstMovesTheCarriersChart() {
		long before = waitForIdlePool();
		fill("calls", "40");
		fill("millis", "50");
		this.browser.findElement(By.id("burst-direct")).click();
		waitUntil("the carriers chart shows virtual threads waiting for a carrier",
				() -> peakAfter(before, "queuedVirtualThreads") > 10);
		assertThat(number("data-drawn-seq")).isGreaterThan(before);
		assertThat(peakAfter(before, "active")).isZero();
	}

	@Test
	void withCompensationSwitchedOnADirectBurstGetsCarriersAdded() {
		long before = waitForIdlePool();
		WebElement compensation = this.browser.findElement(By.id("compensation"));
		waitUntil("the compensation button shows it off", () -> compensation.getText().equals("Compensation: off"));
		compensation.click();
		try {
			waitUntil("the compensation button shows it on", () -> compensation.getText().equals("Compensation: on")
					&& "true".equals(compensation.getDomAttribute("aria-pressed")));
			fill("calls", "40");
			fill("millis", "200");
			this.browser.findElement(By.id("burst-direct")).click();
			waitUntil("carriers added while the direct calls hold theirs",
					() -> Integer.parseInt(this.browser.findElement(By.id("now-extra")).getText()) > 0);
			assertThat(number("data-drawn-seq")).isGreaterThan(before);
		}
		finally {
			compensation.click();
			waitUntil("the compensation button shows it off again",
					() -> compensation.getText().equals("Compensation: off"));
		}
	}

	@Test
	void aDuckDbDirectBurstMovesTheCarriersChart() {
		long before = waitForIdlePool();
		fill("queries", "20");
		this.browser.findElement(By.id("burst-duckdb-direct")).click();
		waitUntil("the carriers chart shows virtual threads waiting for a carrier",
				() -> peakAfter(before, "queuedVirtualThreads") > 5);
		assertThat(this.browser.findElement(By.id("burst-status")).getText()).contains("duckdb direct");
		assertThat(peakAfter(before, "active")).isZero();
	}

	@Test
	void aDuckDbOffloadedBurstMovesThePoolDuckDbAndLeavesTheCarriersFree() {
		long before = waitForIdlePool();
		fill("queries", "20");
		this.browser.findElement(By.id("burst-duckdb-offloaded")).click();
		waitUntil("the pool chart shows the pool duckdb busy and queued",
				() -> peakAfter(before, "active", "duckdb") > 0 && peakAfter(before, "saturation", "duckdb") > 1);
		waitUntil("the burst is over", () -> Boolean.TRUE.equals(this.browser.executeScript(
				"return window.tpoolDashboard.samples.at(-1).pools.find((pool) => pool.name === 'duckdb').saturation === 0;")));
		assertThat(this.browser.findElement(By.id("burst-status")).getText()).contains("duckdb offloaded");
		assertThat(peakAfter(before, "active", "tpool")).isZero();
		// Direct, 20 queries on two carriers keep a fresh virtual thread waiting for
		// about a second; offloaded, only its share of the CPU.
		assertThat(peakAfter(before, "virtualThreadStartMillis")).isLessThan(250);
	}

	/**
	 * Waits until the page charts a sample with no pool work and no burst in flight.
	 * @return that sample's number
	 */
	private long waitForIdlePool() {
		waitUntil("the pool is idle", () -> Boolean.TRUE.equals(this.browser.executeScript("""
				const last = window.tpoolDashboard.samples.at(-1);
				return last !== undefined && last.pools.every((pool) => pool.active === 0 && pool.queued === 0);
				""")));
		return ((Number) this.browser.executeScript("return window.tpoolDashboard.seq;")).longValue();
	}

	private double peakAfter(long seq, String key) {
		return ((Number) this.browser
			.executeScript("return window.tpoolDashboard.peakAfter(arguments[0], arguments[1]);", seq, key))
			.doubleValue();
	}

	private double peakAfter(long seq, String key, String pool) {
		return ((Number) this.browser.executeScript(
				"return window.tpoolDashboard.peakAfter(arguments[0], arguments[1], arguments[2]);", seq, key, pool))
			.doubleValue();
	}

	private void fill(String id, String value) {
		WebElement input = this.browser.findElement(By.id(id));
		input.clear();
		input.sendKeys(value);
	}

	private double number(String attribute) {
		String value = this.browser.findElement(By.id("dashboard")).getDomAttribute(attribute);
		return (value != null) ? Double.parseDouble(value) : 0;
	}

	private void waitUntil(String what, java.util.function.BooleanSupplier condition) {
		new WebDriverWait(this.browser, PATIENCE).withMessage(what).until((driver) -> condition.getAsBoolean());
	}

}
