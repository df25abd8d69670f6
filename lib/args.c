// Command-line flags (inc/args.h). `-ab` is two flags, `-` alone is an
// operand, `--` ends the flags, and the first operand ends them too.

#include <inc/args.h>
#include <inc/string.h>

void
argstart(int *argc, char **argv, struct Argstate *args)
{
	args->argc = argc;
	args->argv = (const char **) argv;
	args->curarg = (*argc > 1 ? "" : NULL);
	args->argvalue = NULL;
}

// Take argv[1] out of argv.
static void
shift(struct Argstate *args)
{
	memmove(args->argv + 1, args->argv + 2, sizeof(char *) * (*args->argc - 1));
	(*args->argc)--;
}

// The next flag character, or -1 when there are no more flags.
int
argnext(struct Argstate *args)
{
	const char *next;

	if (!args->curarg)
		return -1;
	args->argvalue = NULL;
	if (*args->curarg == '\0') {
		// The flag word is used up: is the next word one?
		next = *args->argc > 1 ? args->argv[1] : NULL;
		if (!next || next[0] != '-' || next[1] == '\0')
			goto done;
		shift(args);
		if (strcmp(next, "--") == 0)
			goto done;
		args->curarg = next + 1;
	}
	return (unsigned char) *args->curarg++;

done:
	args->curarg = NULL;
	return -1;
}

// The value of the flag argnext just returned: the rest of its word
// (-n5) or else the next word (-n 5), taken out of argv; NULL if there is
// none. Asking twice gives the same value.
char *
argvalue(struct Argstate *args)
{
	if (args->argvalue)
		return (char *) args->argvalue;
	return argnextvalue(args);
}

// Like argvalue, but always takes a value anew.
char *
argnextvalue(struct Argstate *args)
{
	if (!args->curarg)
		return NULL;
	if (*args->curarg) {
		args->argvalue = args->curarg;
		args->curarg = "";
	} else if (*args->argc > 1) {
		args->argvalue = args->argv[1];
		shift(args);
	} else {
		args->argvalue = NULL;
		args->curarg = NULL;
	}
	return (char *) args->argvalue;
}
