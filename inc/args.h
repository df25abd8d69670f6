// Command-line flags, JOS lab 5's way: argstart, then argnext until it
// returns -1. Flags come out of argv as they are read (argc and argv are
// updated), so what is left after the loop are the operands.
//
//	struct Argstate args;
//	argstart(&argc, argv, &args);
//	while ((c = argnext(&args)) >= 0)
//		switch (c) { case 'n': n = strtol(argvalue(&args), 0, 0); ... }

#ifndef JOS_INC_ARGS_H
#define JOS_INC_ARGS_H

struct Argstate {
	int *argc;		// the caller's argc, kept up to date
	const char **argv;	// the caller's argv, kept up to date
	const char *curarg;	// the rest of the flag word being read; NULL when done
	const char *argvalue;	// the current flag's value, once asked for
};

void	argstart(int *argc, char **argv, struct Argstate *args);
int	argnext(struct Argstate *args);
char	*argvalue(struct Argstate *args);
char	*argnextvalue(struct Argstate *args);

#endif	// !JOS_INC_ARGS_H
