package io.tpool.demo.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Answers a missing, malformed or out-of-range request parameter with {@code 400} and a
 * problem detail (RFC 9457) that names the parameter and says what is wrong with it. It
 * comes before Boot's own problem details handler, whose messages name neither the
 * expected form nor the range.
 *
 * @since 0.1.0
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class BadRequestAdvice {

	@ExceptionHandler
	ProblemDetail missing(MissingServletRequestParameterException ex) {
		return problem("Missing parameter", ex.getParameterName(), null,
				"Parameter '%s' is required.".formatted(ex.getParameterName()));
	}

	@ExceptionHandler
	ProblemDetail malformed(MethodArgumentTypeMismatchException ex) {
		String value = String.valueOf(ex.getValue());
		return problem("Invalid parameter", ex.getName(), value,
				"Parameter '%s' must be %s, was '%s'.".formatted(ex.getName(), expected(ex.getRequiredType()), value));
	}

	@ExceptionHandler
	ProblemDetail outOfRange(InvalidParameterException ex) {
		return problem("Invalid parameter", ex.getParameter(), ex.getValue(), ex.getMessage());
	}

	private static String expected(@Nullable Class<?> type) {
		if (type != null && type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return "a whole number";
		}
		return "a " + ((type != null) ? type.getSimpleName() : "value");
	}

	private static ProblemDetail problem(String title, String parameter, @Nullable String value,
			@Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle(title);
		problem.setProperty("parameter", parameter);
		if (value != null) {
			problem.setProperty("value", value);
		}
		return problem;
	}

}
