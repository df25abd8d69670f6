// The sieve of Eratosthenes as a chain of environments. The first
// environment generates 2, 3, 4, ... and sends them to the first filter.
// Each filter takes the first number it receives as its prime, prints it,
// and passes on the numbers its prime does not divide, to a next filter it
// forks when the first such number comes. The generator stops after 541,
// the 100th prime, and sends 0: each filter forwards the 0 and exits.
#include <inc/lib.h>

#define LIMIT	541

static void
filter(int index)
{
	envid_t from, right = 0;
	uint32_t p, n;

	p = ipc_recv(&from, NULL, NULL);
	if (p == 0)
		goto done;
	cprintf("primes: prime %d is %d\n", index, p);

	while ((n = ipc_recv(&from, NULL, NULL)) != 0) {
		if (n % p == 0)
			continue;
		if (right == 0) {
			if ((right = fork()) < 0)
				panic("primes: fork: %e", right);
			if (right == 0) {
				// The child is the next filter in the chain.
				filter(index + 1);
				return;
			}
		}
		ipc_send(right, n, NULL, 0);
	}
done:
	if (right)
		ipc_send(right, 0, NULL, 0);
	else
		cprintf("primes: the last filter found %d primes up to %d\n", index, LIMIT);
}

void
umain(int argc, char **argv)
{
	envid_t first;
	uint32_t n;

	if ((first = fork()) < 0)
		panic("primes: fork: %e", first);
	if (first == 0) {
		filter(1);
		return;
	}
	for (n = 2; n <= LIMIT; n++)
		ipc_send(first, n, NULL, 0);
	ipc_send(first, 0, NULL, 0);
	cprintf("primes: generator sent 2..%d\n", LIMIT);
}
