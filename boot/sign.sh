#!/bin/sh
# Turn the boot code into a 512-byte boot sector: pad it to 510 bytes and
# append the signature 0x55 0xAA that the BIOS looks for.
set -e
in=$1 out=$2
size=$(wc -c < "$in")
if [ "$size" -gt 510 ]; then
	echo "boot/sign.sh: boot sector is $size bytes, more than the 510 that fit before the signature" >&2
	exit 1
fi
cp "$in" "$out.tmp"
dd if=/dev/zero bs=1 count=$((510 - size)) >> "$out.tmp" 2>/dev/null
printf '\125\252' >> "$out.tmp"
mv "$out.tmp" "$out"
