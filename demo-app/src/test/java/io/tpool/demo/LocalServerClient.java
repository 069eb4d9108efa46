package io.tpool.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.1 client of the application under test on its local port. Its own work runs
 * on four platform threads, so that it never waits for the carriers that the tests keep
 * busy.
 */
public final class LocalServerClient implements AutoCloseable {

	private final ExecutorService executor = Executors.newFixedThreadPool(4,
			Thread.ofPlatform().daemon(true).factory());

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.executor(this.executor)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	private final Duration timeout;

	/**
	 * Creates a client.
	 * @param port the application's port
	 * @param timeout how long a request may take
	 */
	public LocalServerClient(int port, Duration timeout) {
		this.port = port;
		this.timeout = timeout;
	}

	/**
	 * Sends a {@code GET} without waiting.
	 * @param path the path, with its query
	 * @return the response to come
	 */
	public CompletableFuture<HttpResponse<String>> send(String path) {
		return this.http.sendAsync(request(path), BodyHandlers.ofString());
	}

	/**
	 * Sends a {@code GET} and waits for the response.
	 * @param path the path, with its query
	 * @return the response
	 * @throws IllegalStateException if the request failed
	 */
	public HttpResponse<String> get(String path) {
		try {
			return this.http.send(request(path), BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("GET " + path + " failed", ex);
		}
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(this.timeout).build();
	}

	@Override
	public void close() {
		this.http.close();
		this.executor.shutdownNow();
	}

}
