# Run by testshell as `sh -x < testshell.sh`: each line below that is not
# a comment is traced as `# LINE`, and everything printed, errors too,
# must match /testshell.key byte for byte.
echo hello, world
echo 'single  quoted' "double  quoted" back\ slash "a\"b" 'it''s'
echo -n no newline; echo ' <- same line'
echo one > /ts1; echo two >> /ts1; echo three >>/ts1; cat /ts1
echo replaced > /ts1; cat /ts1
cat < /ts1 | num
cat /motd | num | wc
cat /lorem | cat | cat | cat | cat | wc -l
num < /motd > /ts2; wc -l < /ts2 | cat
mkdir /tdir; touch /tdir/a; echo bee > /tdir/b; ls /tdir
ls -l /tdir
ls -dF /tdir; ls -dl /tdir/b
rm /tdir/a; ls -F /tdir; rm /tdir
rm /tdir/b; rm /tdir; ls -d /tdir
false; echo status $?
true; echo "status $?"
nosuchprogram with args; echo status $?
/motd; echo status $?
cat /nosuchfile; echo status $?
cat < /nosuchfile; echo status $?
faultread; echo status $?
echo | faultread | cat; echo status $?
echo 'echo in a script $?; false' > /ts3; sh /ts3; echo script status $?
echo exit 3 > /ts4; sh < /ts4; echo nested exit $?
echo background > /ts5 & wait; cat /ts5
echo 'x y  z' | cat; echo # only a comment; echo not printed
echo a#b
echo syntax | ; echo not run
echo status $?
echo a |
echo "unterminated
exec echo replaced by exec
echo never run
