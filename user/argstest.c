// argstart/argnext/argvalue (inc/args.h) on the arguments the kernel's
// command line gives: each flag, its value for -n and -m, then what is
// left, printed with printf (descriptor 1, the console).
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	struct Argstate args;
	int c, i;

	argstart(&argc, argv, &args);
	while ((c = argnext(&args)) >= 0) {
		if (c == 'n' || c == 'm') {
			const char *v = argvalue(&args);
			printf("argstest: flag -%c value '%s'\n", c, v ? v : "(none)");
		} else
			printf("argstest: flag -%c\n", c);
	}
	printf("argstest: %d left:", argc);
	for (i = 0; i < argc; i++)
		printf(" '%s'", argv[i]);
	printf("\n");
	if (argv[argc] != NULL)
		panic("argv[argc] is not NULL");
}
