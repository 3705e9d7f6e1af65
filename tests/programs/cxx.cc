// C++ runtime: static constructors (run before main, in order), exceptions
// thrown and caught across functions (std::runtime_error, custom types,
// rethrow, destructors run during unwinding), iostreams, std::string,
// std::vector, std::map, std::sort, std::function and lambdas.
#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

static std::vector<std::string> log_lines;

struct Registrar {
	explicit Registrar(const char *name) { log_lines.push_back(std::string("ctor ") + name); }
};
static Registrar first("first");
static Registrar second("second");

struct Guard {
	std::string name;
	explicit Guard(std::string n) : name(std::move(n)) {}
	~Guard() { std::cout << "unwound " << name << "\n"; }
};

struct MyError {
	int code;
};

static int depth3(int x)
{
	Guard g("depth3");
	if (x > 2)
		throw std::runtime_error("x too big: " + std::to_string(x));
	if (x < 0)
		throw MyError{ -x };
	return x * 10;
}

static int depth2(int x)
{
	Guard g("depth2");
	return depth3(x) + 1;
}

static int depth1(int x)
{
	try {
		return depth2(x);
	} catch (const MyError &e) {
		std::cout << "depth1 rethrows MyError " << e.code << "\n";
		throw;
	}
}

int main()
{
	for (const auto &l : log_lines)
		std::cout << l << "\n";
	for (int x : { 1, 5, -7 }) {
		try {
			std::cout << "depth1(" << x << ") = " << depth1(x) << "\n";
		} catch (const std::exception &e) {
			std::cout << "caught std::exception: " << e.what() << "\n";
		} catch (const MyError &e) {
			std::cout << "caught MyError " << e.code << "\n";
		}
	}
	try {
		std::vector<int> v(3);
		v.at(10) = 1;
	} catch (const std::out_of_range &) {
		std::cout << "caught out_of_range\n";
	}

	std::vector<int> v;
	for (int i = 0; i < 1000; i++)
		v.push_back((i * 7919) % 1009);
	std::sort(v.begin(), v.end());
	std::cout << "sorted: " << v.front() << " " << v[500] << " " << v.back()
		  << " is_sorted=" << std::is_sorted(v.begin(), v.end()) << "\n";
	std::sort(v.begin(), v.end(), std::greater<int>());
	std::cout << "descending first: " << v.front() << "\n";

	std::map<std::string, int> counts;
	std::istringstream words("the quick brown fox jumps over the lazy dog the end");
	for (std::string w; words >> w;)
		counts[w]++;
	for (const auto &kv : counts)
		std::cout << kv.first << "=" << kv.second << " ";
	std::cout << "\n";

	std::string s = "Hello";
	s += ", C++ world";
	std::transform(s.begin(), s.end(), s.begin(), ::toupper);
	std::cout << s << " length " << s.size() << " find " << s.find("WORLD") << "\n";

	std::function<int(int)> fib = [&](int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); };
	std::cout << "fib(20) = " << fib(20) << "\n";
	std::cout << std::hex << 255 << " " << std::dec << 3.25 << " " << 1e10 << std::endl;
	std::cerr << "to stderr\n";
	return 0;
}
