package io.tpool.autoconfigure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The links of the repository's Markdown ({@code README.md}, {@code docs/},
 * {@code demo-app/README.md}, {@code benchmarks/*.md} and any other): a relative link
 * resolves to a file or directory of the repository, and to a heading of it where it
 * names one; no link points outside the repository (such as {@code ../shared/}) or to an
 * absolute path. Links to web addresses are not followed.
 */
class DocumentationLinksTests {

	/**
	 * An inline link or image: {@code [text](target)} or {@code [text](target "title")}.
	 */
	private static final Pattern INLINE = Pattern
		.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	/** A reference definition: {@code [label]: target}. */
	private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");

	/** A fenced code block, whose text is code, not links. */
	private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");

	/** An inline code span. */
	private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1", Pattern.DOTALL);

	private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

	private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

	private final Path root = RepositoryFiles.root();

	private final List<Path> files = RepositoryFiles.markdownFiles();

	@Test
	void theDocumentationIsFound() {
		assertThat(this.files).contains(this.root.resolve("README.md"),
				this.root.resolve(Path.of("docs", "configuration.md")),
				this.root.resolve(Path.of("demo-app", "README.md")),
				this.root.resolve(Path.of("benchmarks", "README.md")),
				this.root.resolve(Path.of("benchmarks", "NOTES.md")));
	}

	@Test
	void noLinkPointsOutsideTheRepository() {
		List<String> outside = new ArrayList<>();
		for (Path file : this.files) {
			for (String target : links(file)) {
				if (isWebAddress(target) || target.startsWith("#")) {
					continue;
				}
				if (SCHEME.matcher(target).find() || target.startsWith("/") || target.startsWith("\\")) {
					outside.add(describe(file, target));
					continue;
				}
				Path resolved = resolve(file, target);
				if (!resolved.startsWith(this.root)) {
					outside.add(describe(file, target));
				}
			}
		}
		assertThat(outside).as("links to files outside the repository").isEmpty();
	}

	@Test
	void everyRelativeLinkResolvesToAFileOfTheRepository() {
		List<String> broken = new ArrayList<>();
		for (Path file : this.files) {
			for (String target : links(file)) {
				if (isWebAddress(target) || target.startsWith("#") || SCHEME.matcher(target).find()
						|| target.startsWith("/")) {
					continue;
				}
				Path resolved = resolve(file, target);
				if (resolved.startsWith(this.root) && !Files.exists(resolved)) {
					broken.add(describe(file, target));
				}
			}
		}
		assertThat(broken).as("relative links to files that do not exist").isEmpty();
	}

	@Test
	void everyLinkToAHeadingNamesAHeadingOfItsFile() {
		Map<Path, Set<String>> anchors = new HashMap<>();
		List<String> broken = new ArrayList<>();
		for (Path file : this.files) {
			for (String target : links(file)) {
				int hash = target.indexOf('#');
				if (isWebAddress(target) || hash < 0 || SCHEME.matcher(target).find() || target.startsWith("/")) {
					continue;
				}
				Path linked = (hash == 0) ? file : resolve(file, target.substring(0, hash));
				String fragment = URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
				if (!linked.startsWith(this.root) || !Files.isRegularFile(linked)
						|| !linked.getFileName().toString().endsWith(".md") || fragment.isEmpty()) {
					continue;
				}
				if (!anchors.computeIfAbsent(linked, DocumentationLinksTests::anchors).contains(fragment)) {
					broken.add(describe(file, target));
				}
			}
		}
		assertThat(broken).as("links to headings that do not exist").isEmpty();
	}

	private String describe(Path file, String target) {
		return this.root.relativize(file) + ": " + target;
	}

	private static boolean isWebAddress(String target) {
		String lower = target.toLowerCase(Locale.ROOT);
		return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:");
	}

	private static Path resolve(Path file, String target) {
		int hash = target.indexOf('#');
		String path = (hash >= 0) ? target.substring(0, hash) : target;
		int query = path.indexOf('?');
		path = (query >= 0) ? path.substring(0, query) : path;
		return file.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
	}

	/** The targets of a file's links, its code left out. */
	private static List<String> links(Path file) {
		String text = prose(RepositoryFiles.read(file));
		List<String> targets = new ArrayList<>();
		for (Pattern pattern : List.of(INLINE, REFERENCE)) {
			Matcher link = pattern.matcher(text);
			while (link.find()) {
				if (!link.group(1).isEmpty()) {
					targets.add(link.group(1));
				}
			}
		}
		return targets;
	}

	private static String prose(String markdown) {
		String withoutFences = FENCE.matcher(markdown).replaceAll("");
		return CODE_SPAN.matcher(withoutFences).replaceAll("");
	}

	/**
	 * The anchors of a file's headings, as GitHub makes them: in lower case, without
	 * punctuation, spaces as dashes, a repeated one numbered; and its HTML anchors.
	 */
	private static Set<String> anchors(Path file) {
		String markdown = RepositoryFiles.read(file);
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		Matcher heading = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
		while (heading.find()) {
			String slug = heading.group(1)
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^\\p{L}\\p{N} _-]", "")
				.replace(' ', '-');
			int count = seen.merge(slug, 1, Integer::sum);
			anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
		}
		Matcher html = HTML_ANCHOR.matcher(markdown);
		while (html.find()) {
			anchors.add(html.group(1));
		}
		return anchors;
	}

}
