package io.tpool.demo.duckdb;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a request that needs DuckDB, where DuckDB does not run, with {@code 503} and a
 * problem detail (RFC 9457) that says why.
 */
@RestControllerAdvice
class DuckDbUnavailableAdvice {

	@ExceptionHandler
	ProblemDetail unavailable(DuckDbUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("DuckDB unavailable");
		return problem;
	}

}
