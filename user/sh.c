// sh: the shell. Reads command lines from the console (printing `$ `),
// from a script (`sh FILE`) or from standard input (`sh < FILE`), and runs
// each as pipelines of programs found on disk as /NAME.
//
// A line is a list of pipelines separated by `;` (run in turn) or ended by
// `&` (started without waiting). A pipeline is commands joined by `|`; a
// command is words with redirections `< FILE`, `> FILE`, `>> FILE`. Words
// may be quoted ('...' literally, "..." with $? expanded), a backslash
// takes the next character literally, `$?` is the last pipeline's exit
// status and `#` at the start of a word begins a comment. Builtins: exit,
// exec, wait.
//
// Each command runs in a forked copy of the shell that arranges its
// descriptors and then exec()s the program in place, so the shell waits
// for the program itself and reads its exit status.

#include <inc/lib.h>
#include <inc/args.h>

#define LINELEN		1024		// longest command line
#define MAXTOKENS	256		// words and operators in one line
#define MAXJOBS		32		// background pipelines `wait` knows of
#define SCRIPT_FD	(MAXFD - 1)	// a script's descriptor, out of the way
#define STATUS_NOT_FOUND 127		// $? of a command that is not on disk
#define STATUS_NOT_EXEC	126		// $? of one that exec refuses
#define STATUS_SYNTAX	2		// $? after a line that does not parse
#define STATUS_KILLED	128		// $? of a killed program: this + trap

// Token types: a word, or the operator's own character.
enum {
	TOK_END = 0,
	TOK_WORD = 'w',
	TOK_IN = '<',
	TOK_OUT = '>',
	TOK_APPEND = 'a',	// >>
	TOK_PIPE = '|',
	TOK_SEMI = ';',
	TOK_AMP = '&',
};

struct Token {
	int type;
	char *word;		// TOK_WORD: the word with quotes removed
};

static struct Token toks[MAXTOKENS + 1];
// The words of toks: quotes removed, $? expanded (at most "255" for
// two characters, so one and a half times the line's length).
static char words[LINELEN * 2];

static int laststatus;		// $?
static int tracing;		// -x: print each line as `# line`
static int scriptfd = -1;	// sh FILE: the script, closed in children
static envid_t jobs[MAXJOBS];	// background children not yet waited for
static int njobs;

static void
syntax_error(const char *what)
{
	fprintf(2, "sh: syntax error: %s\n", what);
	laststatus = STATUS_SYNTAX;
}

// ---------------------------------------------------------------------
// Reading lines.

// Reads the next line of fd into buf, without its newline: its length, or
// -1 at the end of input. From a file it reads a block and seeks back to
// just past the newline, so that commands reading the same descriptor
// (sh < FILE) start at the next line, as they would under Unix; from a
// pipe it must read a byte at a time for the same reason.
static int
read_line(int fd, char *buf, int size, bool isfile)
{
	struct Fd *f;
	off_t start;
	int n, i;

	if (isfile) {
		if (fd_lookup(fd, &f) < 0)
			return -1;
		start = f->fd_offset;
		if ((n = read(fd, buf, size - 1)) <= 0)
			goto end;
		for (i = 0; i < n && buf[i] != '\n'; i++)
			;
		if (i == size - 1)
			goto toolong;
		buf[i] = '\0';
		seek(fd, start + i + 1);
		return i;
	}
	for (i = 0; ; i++) {
		if ((n = read(fd, buf + i, 1)) <= 0) {
			if (i > 0)
				break;	// a last line without a newline
			goto end;
		}
		if (buf[i] == '\n')
			break;
		if (i == size - 2)
			goto toolong;
	}
	buf[i] = '\0';
	return i;

end:
	if (n < 0)
		fprintf(2, "sh: reading commands: %e\n", n);
	return -1;

toolong:
	// Skip the rest of the line, a byte at a time: rare enough.
	fprintf(2, "sh: line longer than %d characters ignored\n", size - 2);
	if (isfile)
		seek(fd, start + size - 1);
	while ((n = read(fd, buf, 1)) == 1 && buf[0] != '\n')
		;
	buf[0] = '\0';
	return 0;
}

// ---------------------------------------------------------------------
// Splitting a line into tokens.

static bool
isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
isoperator(int c)
{
	return c != '\0' && strchr("<>|;&", c) != NULL;
}

// Appends $? to the word being built at *out.
static void
expand_status(char **out)
{
	*out += snprintf(*out, 4, "%d", laststatus & 0xff);
}

// Scans one word starting at *sp into *outp, removing quotes. Returns
// false (after printing why) on an unterminated quote.
static bool
scan_word(const char **sp, char **outp)
{
	const char *s = *sp;
	char *out = *outp;
	char quote;

	while (*s && !isspace(*s) && !isoperator(*s)) {
		if (*s == '\'' || *s == '"') {
			quote = *s++;
			while (*s && *s != quote) {
				if (quote == '"' && s[0] == '$' && s[1] == '?') {
					expand_status(&out);
					s += 2;
				} else if (quote == '"' && s[0] == '\\' &&
					   s[1] && strchr("\"\\$", s[1])) {
					*out++ = s[1];
					s += 2;
				} else
					*out++ = *s++;
			}
			if (*s != quote) {
				syntax_error("unterminated quote");
				return false;
			}
			s++;
		} else if (s[0] == '\\' && s[1]) {
			*out++ = s[1];
			s += 2;
		} else if (s[0] == '$' && s[1] == '?') {
			expand_status(&out);
			s += 2;
		} else
			*out++ = *s++;
	}
	*out++ = '\0';
	*sp = s;
	*outp = out;
	return true;
}

// Splits the next pipeline of the line at *sp into toks: the number of
// tokens before its terminator, toks[n], which is a TOK_SEMI, a TOK_AMP
// or the line's TOK_END; -1 after a syntax error. A pipeline at a time,
// so that $? is the status of the one before it on the line.
static int
tokenize(const char **sp)
{
	const char *s = *sp;
	char *out = words;
	int n = 0, type;

	for (;;) {
		while (isspace(*s))
			s++;
		if (*s == '\0' || *s == '#') {
			type = TOK_END;
			break;
		}
		if (n == MAXTOKENS) {
			syntax_error("too many words");
			return -1;
		}
		if (*s == ';' || *s == '&') {
			type = *s++;
			break;
		}
		if (isoperator(*s)) {
			toks[n].type = *s++;
			if (toks[n].type == '>' && *s == '>') {
				toks[n].type = TOK_APPEND;
				s++;
			}
			toks[n++].word = NULL;
			continue;
		}
		toks[n].type = TOK_WORD;
		toks[n].word = out;
		if (!scan_word(&s, &out))
			return -1;
		n++;
	}
	toks[n].type = type;
	toks[n].word = NULL;
	*sp = s;
	return n;
}

// ---------------------------------------------------------------------
// Running commands.

// One command of a pipeline: toks[first .. last) without the `|`.
struct Cmd {
	int first, last;
	const char *argv[MAXTOKENS + 1];
	int argc;
};

// Collects cmd's arguments; false (after saying why) if it has none or a
// redirection lacks its file name.
static bool
parse_cmd(struct Cmd *cmd)
{
	int i;

	cmd->argc = 0;
	for (i = cmd->first; i < cmd->last; i++) {
		if (toks[i].type == TOK_WORD) {
			cmd->argv[cmd->argc++] = toks[i].word;
			continue;
		}
		if (i + 1 == cmd->last || toks[i + 1].type != TOK_WORD) {
			syntax_error("a redirection without a file name");
			return false;
		}
		i++;	// the file name, used by redirect()
	}
	cmd->argv[cmd->argc] = NULL;
	if (cmd->argc == 0) {
		syntax_error("a missing command");
		return false;
	}
	return true;
}

// Makes descriptor `to` refer to what `from` does and closes `from`.
static void
move_fd(int from, int to)
{
	if (from != to) {
		dup(from, to);
		close(from);
	}
}

// Applies cmd's redirections to this environment's descriptors, in
// order. Returns false (after printing why) if a file cannot be opened.
static bool
redirect(struct Cmd *cmd)
{
	struct Stat st;
	const char *name;
	int i, fd, mode, to;

	for (i = cmd->first; i < cmd->last; i++) {
		if (toks[i].type == TOK_WORD)
			continue;
		name = toks[++i].word;
		if (toks[i - 1].type == TOK_IN) {
			mode = O_RDONLY;
			to = 0;
		} else {
			mode = O_WRONLY | O_CREAT;
			if (toks[i - 1].type == TOK_OUT)
				mode |= O_TRUNC;
			to = 1;
		}
		if ((fd = open(name, mode)) < 0) {
			fprintf(2, "sh: %s: %e\n", name, fd);
			return false;
		}
		// There is no O_APPEND: writes start at the end instead.
		if (toks[i - 1].type == TOK_APPEND && fstat(fd, &st) == 0)
			seek(fd, st.st_size);
		move_fd(fd, to);
	}
	return true;
}

// Replaces this environment with cmd's program: returns only on failure,
// with the exit status to report.
static int
exec_cmd(struct Cmd *cmd)
{
	static char path[MAXPATHLEN];
	const char *name = cmd->argv[0];
	int r;

	// A name without a slash is a program in the root directory.
	if (strchr(name, '/') == NULL)
		snprintf(path, sizeof path, "/%s", name);
	else
		snprintf(path, sizeof path, "%s", name);
	r = exec(path, cmd->argv);
	if (r == -E_NOT_FOUND || r == -E_BAD_PATH) {
		fprintf(2, "sh: %s: not found\n", name);
		return STATUS_NOT_FOUND;
	}
	fprintf(2, "sh: %s: %e\n", name, r);
	return STATUS_NOT_EXEC;
}

// In a forked child: the command's descriptors, then its program.
static void __attribute__((noreturn))
child(struct Cmd *cmd, int in, int out, int unused)
{
	if (in >= 0)
		move_fd(in, 0);
	if (out >= 0) {
		move_fd(out, 1);
		close(unused);
	}
	if (scriptfd >= 0)
		close(scriptfd);
	if (!redirect(cmd))
		exit(1);
	exit(exec_cmd(cmd));
}

static const char *
trap_name(int trapno)
{
	switch (trapno) {
	case T_DIVIDE:	return "divide error";
	case T_BRKPT:	return "breakpoint";
	case T_ILLOP:	return "illegal instruction";
	case T_GPFLT:	return "general protection fault";
	case T_PGFLT:	return "page fault";
	case T_FPERR:	return "floating point error";
	case T_SIMDERR:	return "SIMD floating point error";
	case T_SYSCALL:	return "bad system call";
	default:	return "trap";
	}
}

// Waits for a child running name; its status as $? shows it, after a line
// if it died rather than exited.
static int
wait_child(envid_t id, const char *name)
{
	int status = wait(id);

	if (status < 0)
		return status;
	if (status & EXIT_DESTROYED) {
		fprintf(2, "sh: %s: killed by another environment\n", name);
		return STATUS_KILLED + 127;
	}
	if (status & EXIT_KILLED) {
		fprintf(2, "sh: %s: killed by trap %d (%s)\n", name,
			EXIT_TRAPNO(status), trap_name(EXIT_TRAPNO(status)));
		return STATUS_KILLED + EXIT_TRAPNO(status);
	}
	return status & EXIT_CODE_MASK;
}

static void
wait_jobs(void)
{
	while (njobs > 0)
		wait_child(jobs[--njobs], "background job");
}

// The builtins: true if cmd was one (and has run).
static bool
builtin(struct Cmd *cmd)
{
	const char *name = cmd->argv[0];

	if (strcmp(name, "exit") == 0) {
		if (cmd->argc > 1)
			exit(strtol(cmd->argv[1], NULL, 10));
		exit(laststatus);
	}
	if (strcmp(name, "wait") == 0) {
		wait_jobs();
		laststatus = 0;
		return true;
	}
	if (strcmp(name, "exec") == 0) {
		// Unix's exec: this environment becomes the program; without
		// one, the redirections stay with the shell.
		laststatus = redirect(cmd) ? 0 : 1;
		if (laststatus != 0 || cmd->argc == 1)
			return true;
		if (scriptfd >= 0)
			close(scriptfd);
		memmove(cmd->argv, cmd->argv + 1, cmd->argc * sizeof cmd->argv[0]);
		cmd->argc--;
		exit(exec_cmd(cmd));
	}
	return false;
}

// Finds the command of the pipeline ending at last that starts at
// cmd->first: sets cmd->last (its `|` or last) and its arguments.
static bool
next_cmd(struct Cmd *cmd, int last)
{
	for (cmd->last = cmd->first; cmd->last < last &&
	     toks[cmd->last].type != TOK_PIPE; cmd->last++)
		;
	return parse_cmd(cmd);
}

// Runs the pipeline toks[first .. last), waiting for it unless background.
static void
run_pipeline(int first, int last, bool background)
{
	static struct Cmd cmd;
	static envid_t ids[MAXTOKENS];
	static const char *names[MAXTOKENS];
	int p[2], in = -1, n = 0, i, status;
	bool all_started = false;
	envid_t id;

	cmd.first = first;
	next_cmd(&cmd, last);
	if (cmd.last == last && !background && builtin(&cmd))
		return;

	laststatus = 1;		// unless the last command runs
	for (;;) {
		p[0] = p[1] = -1;
		if (cmd.last < last && (i = pipe(p)) < 0) {
			fprintf(2, "sh: pipe: %e\n", i);
			break;
		}
		if ((id = fork()) < 0) {
			fprintf(2, "sh: fork: %e\n", id);
			close(p[0]);
			close(p[1]);
			break;
		}
		if (id == 0)
			child(&cmd, in, p[1], p[0]);
		if (in >= 0)
			close(in);
		close(p[1]);
		in = p[0];
		ids[n] = id;
		names[n++] = cmd.argv[0];
		if (cmd.last == last) {
			all_started = true;
			break;
		}
		cmd.first = cmd.last + 1;
		next_cmd(&cmd, last);
	}
	if (in >= 0)
		close(in);
	if (background) {
		for (i = 0; i < n && njobs < MAXJOBS; i++)
			jobs[njobs++] = ids[i];
		laststatus = 0;
		return;
	}
	for (i = 0; i < n; i++) {
		status = wait_child(ids[i], names[i]);
		if (i == n - 1 && all_started)
			laststatus = status;
	}
}

// Checks the whole line before any of it runs: false after a syntax error.
static bool
line_ok(const char *line)
{
	static struct Cmd cmd;
	int n;

	for (;;) {
		if ((n = tokenize(&line)) < 0)
			return false;
		if ((n == 0 && toks[n].type != TOK_END) ||
		    (n > 0 && toks[n - 1].type == TOK_PIPE)) {
			syntax_error("a missing command");
			return false;
		}
		for (cmd.first = 0; cmd.first < n; cmd.first = cmd.last + 1)
			if (!next_cmd(&cmd, n))
				return false;
		if (toks[n].type == TOK_END)
			return true;
	}
}

// Runs one line: its pipelines, each up to a `;`, an `&` or the end.
static void
run_line(const char *line)
{
	int n;

	if (!line_ok(line))
		return;
	for (;;) {
		if ((n = tokenize(&line)) > 0)
			run_pipeline(0, n, toks[n].type == TOK_AMP);
		if (n < 0 || toks[n].type == TOK_END)
			return;
	}
}

static void
usage(void)
{
	fprintf(2, "usage: sh [-ix] [FILE]\n");
	exit(STATUS_SYNTAX);
}

void
umain(int argc, char **argv)
{
	static char buf[LINELEN];
	struct Argstate args;
	struct Stat st;
	int fd, interactive = -1, r, n;
	bool isfile;
	char *line;

	argstart(&argc, argv, &args);
	while ((r = argnext(&args)) >= 0) {
		if (r == 'x')
			tracing = 1;
		else if (r == 'i')
			interactive = 1;
		else
			usage();
	}
	if (argc > 2)
		usage();
	fd = 0;
	if (argc == 2) {
		if ((fd = open(argv[1], O_RDONLY)) < 0) {
			fprintf(2, "sh: %s: %e\n", argv[1], fd);
			exit(STATUS_NOT_FOUND);
		}
		move_fd(fd, SCRIPT_FD);
		fd = scriptfd = SCRIPT_FD;
		if (interactive < 0)
			interactive = 0;
	}
	if (interactive < 0)
		interactive = iscons(0);
	isfile = fstat(fd, &st) == 0 && st.st_dev == &devfile;

	for (;;) {
		if (interactive && fd == 0) {
			// The console's own line editing, with echo.
			if ((line = readline("$ ")) == NULL)
				break;
		} else {
			if (interactive)
				printf("$ ");
			if (read_line(fd, buf, sizeof buf, isfile) < 0)
				break;
			line = buf;
		}
		for (n = 0; isspace(line[n]); n++)
			;
		if (line[n] == '#')
			continue;	// a comment line, not even traced
		if (tracing)
			printf("# %s\n", line);
		run_line(line);
	}
	exit(laststatus);
}
