package io.tpool.autoconfigure.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.tpool.TpoolRejectedException;
import io.tpool.TpoolTimeoutException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A call that a pool did not run to its end, as a web application answers it: its
 * deadline passed, or the pool refused or shed it. It is found in the exception that
 * escaped a handler, or behind the wrappers that only carry another exception across a
 * future or a proxy ({@link ExecutionException}, {@link CompletionException},
 * {@link UndeclaredThrowableException}, {@link InvocationTargetException}). An
 * application's own exception caused by one is the application's statement of what went
 * wrong, with its own status, and is left alone.
 *
 * @param kind what happened
 * @param poolName the pool's name, {@code null} if the exception does not say
 * @param exception the pool's exception
 */
record PoolUnavailable(Kind kind, @Nullable String poolName, RuntimeException exception) {

	/** Wrappers nested deeper than this are not looked into. */
	private static final int MAX_WRAPPERS = 8;

	/**
	 * The pool's deadline or refusal that an exception is or carries.
	 * @param thrown what escaped a handler
	 * @return what happened, or {@code null} if it is neither a deadline nor a refusal
	 */
	static @Nullable PoolUnavailable of(Throwable thrown) {
		Throwable candidate = thrown;
		for (int i = 0; i <= MAX_WRAPPERS && candidate != null; i++) {
			if (candidate instanceof TpoolTimeoutException timeout) {
				return new PoolUnavailable(Kind.DEADLINE, timeout.getPoolName(), timeout);
			}
			if (candidate instanceof TpoolRejectedException rejected) {
				return new PoolUnavailable(Kind.of(rejected.getReason()), rejected.getPoolName(), rejected);
			}
			if (!isWrapper(candidate)) {
				return null;
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	private static boolean isWrapper(Throwable ex) {
		return ex instanceof ExecutionException || ex instanceof CompletionException
				|| ex instanceof UndeclaredThrowableException || ex instanceof InvocationTargetException;
	}

	/**
	 * The answer: {@code 503} with an {@code application/problem+json} body whose title
	 * says what happened and whose detail (and {@code pool} property) names the pool; a
	 * refusal or a shed also asks the client to retry after a second.
	 * @return the response
	 */
	ResponseEntity<ProblemDetail> response() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				this.kind.detail(this.poolName));
		problem.setTitle(this.kind.title);
		if (this.poolName != null) {
			problem.setProperty("pool", this.poolName);
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (this.kind != Kind.DEADLINE) {
			response.header(HttpHeaders.RETRY_AFTER, "1");
		}
		return response.body(problem);
	}

	/**
	 * What happened to the call.
	 */
	enum Kind {

		/** Its deadline passed. */
		DEADLINE("Deadline passed", "The deadline of a call on %s passed."),

		/** The pool refused it because the pool is closed. */
		CLOSED("Pool refused the call", "%s refused the call: it is closed."),

		/** The pool refused it because every thread was busy and its queue full. */
		FULL("Pool refused the call", "%s refused the call: every thread was busy and its queue full."),

		/** It could not start within the pool's maximum queue wait. */
		SHED("Pool shed the call", "%s shed the call: it could not start within the pool's maximum queue wait.");

		private final String title;

		private final String detail;

		Kind(String title, String detail) {
			this.title = title;
			this.detail = detail;
		}

		static Kind of(TpoolRejectedException.Reason reason) {
			return switch (reason) {
				case CLOSED -> CLOSED;
				case FULL -> FULL;
				case SHED -> SHED;
			};
		}

		String title() {
			return this.title;
		}

		String detail(@Nullable String poolName) {
			String pool = (poolName != null) ? "pool '" + poolName + "'" : "a pool";
			String detail = this.detail.formatted(pool);
			return Character.toUpperCase(detail.charAt(0)) + detail.substring(1);
		}

	}

}
