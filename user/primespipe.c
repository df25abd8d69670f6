// JOS lab 5's primespipe: the concurrent prime sieve (Doug McIlroy's) with
// an environment per prime and a pipe between neighbours. Each prints its
// prime and passes on the numbers it does not divide. Unlike JOS's, the
// numbers stop (at 1100, or argv[1]): each end of file closes the next
// pipe, and every environment exits.
#include <inc/lib.h>

#define DEFAULT_LIMIT	1100

// Read primes' candidates from fd, forever passing on the survivors.
static void
primeproc(int fd)
{
	int p, i, r, pfd[2];
	envid_t child;

top:
	if ((r = readn(fd, &p, sizeof(p))) != sizeof(p)) {
		if (r == 0)
			exit();		// no numbers reached this far
		panic("primeproc could not read its prime: %d, %e", r, r >= 0 ? 0 : r);
	}
	cprintf("%d\n", p);

	if ((r = pipe(pfd)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(fd);
		close(pfd[1]);
		fd = pfd[0];
		goto top;
	}
	close(pfd[0]);
	while ((r = readn(fd, &i, sizeof(i))) == sizeof(i))
		if (i % p && (r = write(pfd[1], &i, sizeof(i))) != sizeof(i))
			panic("primeproc %d write: %d %e", p, r, r >= 0 ? 0 : r);
	if (r != 0)
		panic("primeproc %d read: %d %e", p, r, r >= 0 ? 0 : r);
	close(fd);
	close(pfd[1]);
	wait(child);
	exit();
}

void
umain(int argc, char **argv)
{
	int i, limit = DEFAULT_LIMIT, p[2], r;
	envid_t child;

	binaryname = "primespipe";
	if (argc > 1)
		limit = strtol(argv[1], NULL, 0);
	if ((r = pipe(p)) < 0)
		panic("pipe: %e", r);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		close(p[1]);
		primeproc(p[0]);
	}
	close(p[0]);
	for (i = 2; i <= limit; i++)
		if ((r = write(p[1], &i, sizeof(i))) != sizeof(i))
			panic("generator write: %d, %e", r, r >= 0 ? 0 : r);
	close(p[1]);
	wait(child);
	cprintf("primespipe: done\n");
}
