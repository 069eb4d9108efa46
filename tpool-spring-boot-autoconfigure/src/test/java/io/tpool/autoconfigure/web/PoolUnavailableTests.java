package io.tpool.autoconfigure.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import io.tpool.TpoolRejectedException;
import io.tpool.TpoolRejectedException.Reason;
import io.tpool.TpoolTimeoutException;
import io.tpool.autoconfigure.web.PoolUnavailable.Kind;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolUnavailable}: which exceptions are a pool's deadline or refusal,
 * and the answer to each.
 */
class PoolUnavailableTests {

	private static final TpoolTimeoutException TIMEOUT = new TpoolTimeoutException("duckdb",
			"tpool 'duckdb': the deadline of PT2S passed while the task ran; it was interrupted");

	@Test
	void timeoutIsADeadlineOfItsPool() {
		PoolUnavailable unavailable = PoolUnavailable.of(TIMEOUT);
		assertThat(unavailable).isNotNull();
		assertThat(unavailable.kind()).isEqualTo(Kind.DEADLINE);
		assertThat(unavailable.poolName()).isEqualTo("duckdb");
		assertThat(unavailable.exception()).isSameAs(TIMEOUT);
	}

	@Test
	void rejectionIsARefusalOrAShedOfItsPoolAsItsReasonSays() {
		assertThat(PoolUnavailable.of(rejected(Reason.CLOSED)).kind()).isEqualTo(Kind.CLOSED);
		assertThat(PoolUnavailable.of(rejected(Reason.FULL)).kind()).isEqualTo(Kind.FULL);
		assertThat(PoolUnavailable.of(rejected(Reason.SHED)).kind()).isEqualTo(Kind.SHED);
		assertThat(PoolUnavailable.of(rejected(Reason.SHED)).poolName()).isEqualTo("duckdb");
	}

	@Test
	void timeoutOrRejectionBehindWrappersThatOnlyCarryItIsFound() {
		assertThat(PoolUnavailable.of(new ExecutionException(TIMEOUT)).exception()).isSameAs(TIMEOUT);
		assertThat(PoolUnavailable.of(new CompletionException(TIMEOUT)).exception()).isSameAs(TIMEOUT);
		assertThat(PoolUnavailable.of(new UndeclaredThrowableException(TIMEOUT)).exception()).isSameAs(TIMEOUT);
		assertThat(PoolUnavailable.of(new InvocationTargetException(TIMEOUT)).exception()).isSameAs(TIMEOUT);
		TpoolRejectedException shed = rejected(Reason.SHED);
		assertThat(PoolUnavailable.of(new ExecutionException(new CompletionException(shed))).exception())
			.isSameAs(shed);
	}

	@Test
	void applicationsOwnExceptionCausedByATimeoutIsNotThePools() {
		assertThat(PoolUnavailable.of(new IllegalStateException("report failed", TIMEOUT))).isNull();
		assertThat(PoolUnavailable.of(new ExecutionException(new IllegalStateException("report failed", TIMEOUT))))
			.isNull();
	}

	@Test
	void otherExceptionsAreNotThePools() {
		assertThat(PoolUnavailable.of(new RejectedExecutionException("another executor"))).isNull();
		assertThat(PoolUnavailable.of(new ExecutionException(null))).isNull();
		assertThat(PoolUnavailable.of(new IllegalArgumentException())).isNull();
	}

	@Test
	void deadlineAnswers503ProblemDetailNamingThePoolWithoutRetryAfter() {
		ResponseEntity<ProblemDetail> response = PoolUnavailable.of(TIMEOUT).response();
		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
		ProblemDetail problem = response.getBody();
		assertThat(problem.getStatus()).isEqualTo(503);
		assertThat(problem.getTitle()).isEqualTo("Deadline passed");
		assertThat(problem.getDetail()).isEqualTo("The deadline of a call on pool 'duckdb' passed.");
		assertThat(problem.getProperties()).containsEntry("pool", "duckdb");
	}

	@Test
	void refusalsAndShedsAnswer503WithRetryAfterOneSecond() {
		ResponseEntity<ProblemDetail> full = PoolUnavailable.of(rejected(Reason.FULL)).response();
		assertThat(full.getStatusCode().value()).isEqualTo(503);
		assertThat(full.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(full.getBody().getTitle()).isEqualTo("Pool refused the call");
		assertThat(full.getBody().getDetail())
			.isEqualTo("Pool 'duckdb' refused the call: every thread was busy and its queue full.");
		ResponseEntity<ProblemDetail> closed = PoolUnavailable.of(rejected(Reason.CLOSED)).response();
		assertThat(closed.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(closed.getBody().getTitle()).isEqualTo("Pool refused the call");
		assertThat(closed.getBody().getDetail()).isEqualTo("Pool 'duckdb' refused the call: it is closed.");
		ResponseEntity<ProblemDetail> shed = PoolUnavailable.of(rejected(Reason.SHED)).response();
		assertThat(shed.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(shed.getBody().getTitle()).isEqualTo("Pool shed the call");
		assertThat(shed.getBody().getDetail())
			.isEqualTo("Pool 'duckdb' shed the call: it could not start within the pool's maximum queue wait.");
	}

	@Test
	void timeoutWithoutAPoolNameAnswersWithoutNamingOne() {
		ResponseEntity<ProblemDetail> response = PoolUnavailable.of(new TpoolTimeoutException("too late")).response();
		assertThat(response.getBody().getDetail()).isEqualTo("The deadline of a call on a pool passed.");
		assertThat(response.getBody().getProperties()).isNull();
	}

	private static TpoolRejectedException rejected(Reason reason) {
		return new TpoolRejectedException("duckdb", reason, "tpool 'duckdb' rejected a task");
	}

}
