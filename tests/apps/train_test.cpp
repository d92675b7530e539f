// neurite train end to end with real files: determinism, exact resume, checkpoints that survive
// SIGKILL, refused data files, a non-finite loss, and the reference model on Fashion-MNIST.
#define BOOST_TEST_MODULE train
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <functional>

#include <chrono>
#include <random>
#include <thread>

#include <neurite/data.hpp>

#include "../support/process.hpp"

namespace fs = std::filesystem;
using neurite::test::neurite_cmd;
using neurite::test::run;
using neurite::test::slurp;

namespace {

// Three Gaussian blobs in 4 dimensions: small enough to train in a fraction of a second.
void write_blobs(const fs::path& file, int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::ofstream out(file);
  out << "label,a,b,c,d\n";
  out.precision(17);
  for (int i = 0; i < n; ++i) {
    const int label = i % 3;
    out << label;
    for (int f = 0; f < 4; ++f) out << "," << (f == label ? 2.0 : 0.0) + normal(rng);
    out << "\n";
  }
}

struct Blobs {
  neurite::test::TempDir dir;
  std::string data, test;
  Blobs() {
    write_blobs(dir / "train.csv", 600, 1);
    write_blobs(dir / "test.csv", 150, 2);
    data = " --data " + (dir / "train.csv").string() + " --test " + (dir / "test.csv").string();
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

// The history without its timing columns.
std::string without_seconds(const std::string& csv) {
  std::istringstream in(csv);
  std::string out;
  for (std::string line; std::getline(in, line);) out += line.substr(0, line.rfind(',', line.rfind(',') - 1)) + "\n";
  return out;
}

// Everything after the history section: generator state, weights, optimizer states.
std::string state_of(const std::string& checkpoint) {
  const auto bytes = slurp(checkpoint);
  const auto at = bytes.find("generator");
  BOOST_REQUIRE(at != std::string::npos);
  return bytes.substr(at);
}

const std::string small = " --layers 8,6 --batch 32 --threads 1 --optimizer 'Adam(lr=0.01)'";

}  // namespace

BOOST_AUTO_TEST_CASE(same_seed_gives_identical_histories) {
  Blobs b;
  const auto one = run(neurite_cmd("train" + small + b.data + " --epochs 4 --history " + b.path("1.csv")));
  const auto two = run(neurite_cmd("train" + small + b.data + " --epochs 4 --history " + b.path("2.csv")));
  BOOST_TEST_REQUIRE(one.status == 0, one.err);
  BOOST_TEST(two.status == 0, two.err);
  BOOST_TEST(without_seconds(slurp(b.path("1.csv"))) == without_seconds(slurp(b.path("2.csv"))));
  BOOST_TEST(slurp(b.path("1.csv")).rfind("epoch,train_acc,train_loss,test_acc,test_loss,seconds,eval_seconds\n1,", 0) == 0u);
  const auto other = run(neurite_cmd("train" + small + b.data + " --epochs 4 --seed 11 --history " + b.path("3.csv")));
  BOOST_TEST(without_seconds(slurp(b.path("1.csv"))) != without_seconds(slurp(b.path("3.csv"))),
             "another seed trains differently");
}

BOOST_AUTO_TEST_CASE(resume_equals_the_uninterrupted_run) {
  Blobs b;
  // Every source of state: Adam's moments, RReLU's and dropout's draws, PReLU's learnt slopes.
  const std::string cut = " --model dense:8,RReLU,dropout:0.2,dense:6,PReLU --batch 32 --threads 1 --optimizer 'Adam(lr=0.01)'";
  BOOST_TEST_REQUIRE(run(neurite_cmd("train" + cut + b.data + " --epochs 5 --save " + b.path("full.ckpt"))).status == 0);
  BOOST_TEST_REQUIRE(run(neurite_cmd("train" + cut + b.data + " --epochs 2 --save " + b.path("part.ckpt"))).status == 0);
  const auto resumed = run(neurite_cmd("train --resume " + b.path("part.ckpt") + " --epochs 5 --history " + b.path("resumed.csv")));
  BOOST_TEST_REQUIRE(resumed.status == 0, resumed.err);
  BOOST_TEST(resumed.out.find("epoch   3") != std::string::npos, resumed.out);
  BOOST_TEST(resumed.out.find("epoch   2") == std::string::npos, "epochs 1-2 are not trained again");
  BOOST_TEST(state_of(b.path("part.ckpt")) == state_of(b.path("full.ckpt")),
             "weights, optimizer states and generator equal bit for bit");
  const auto eval = run(neurite_cmd("eval " + b.path("part.ckpt")));
  BOOST_TEST(eval.status == 0, eval.err);
  BOOST_TEST(eval.out.find("confusion matrix") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sigkill_during_a_checkpoint_write_leaves_the_previous_one_intact) {
  Blobs b;
  const auto ckpt = b.path("run.ckpt");
  BOOST_TEST_REQUIRE(run(neurite_cmd("train" + small + b.data + " --epochs 1 --save " + ckpt)).status == 0);
  const auto before = slurp(ckpt);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("NEURITE_TEST_SLOW_CHECKPOINT_MS", "5000", 1);
    const std::string cmd = neurite_cmd("train --resume " + ckpt + " --epochs 2") + " >/dev/null 2>&1";
    ::execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool writing = false;
  for (int i = 0; i < 300 && !writing; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (const auto& item : fs::directory_iterator(b.dir.path()))
      writing = writing || item.path().filename().string().rfind("run.ckpt.tmp-", 0) == 0;
  }
  BOOST_TEST_REQUIRE(writing, "the checkpoint write never started");
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  BOOST_TEST(slurp(ckpt) == before, "the previous checkpoint is untouched");
  const auto eval = run(neurite_cmd("eval " + ckpt));
  BOOST_TEST(eval.status == 0, eval.err);
  const auto again = run(neurite_cmd("train --resume " + ckpt + " --epochs 2"));
  BOOST_TEST(again.status == 0, again.err);
  for (const auto& item : fs::directory_iterator(b.dir.path()))
    BOOST_TEST(item.path().filename().string().find(".tmp-") == std::string::npos,
               "the killed writer's temporary file is cleaned up: " + item.path().string());
}

BOOST_AUTO_TEST_CASE(a_non_finite_loss_stops_training_naming_epoch_and_batch) {
  Blobs b;
  BOOST_TEST_REQUIRE(run(neurite_cmd("train --layers 8 --batch 32" + b.data + " --epochs 1 --save " + b.path("ok.ckpt"))).status == 0);
  const auto before = slurp(b.path("ok.ckpt"));
  const auto r = run(neurite_cmd("train --layers 8 --batch 32 --optimizer 'SGD(lr=1e30)'" + b.data +
                                 " --epochs 3 --save " + b.path("ok.ckpt")));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find("neurite train: error: the loss became") == 0u, r.err);
  BOOST_TEST(r.err.find("at epoch 1, batch ") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("Try a smaller learning rate than SGD(lr=1e30)") != std::string::npos, r.err);
  BOOST_TEST(slurp(b.path("ok.ckpt")) == before);
}

namespace {

// A copy of the Fashion-MNIST files with one of them broken by `damage`.
std::string broken_data(const neurite::test::TempDir& dir, const std::string& name,
                        const std::function<void(std::vector<unsigned char>&)>& damage) {
  const fs::path source = neurite::default_data_dir;
  for (auto f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                 "t10k-labels-idx1-ubyte"}) {
    auto bytes = neurite::read_maybe_gzip(source / (std::string(f) + ".gz"));
    if (name == f) damage(bytes);
    std::ofstream(dir / f, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                   static_cast<std::streamsize>(bytes.size()));
  }
  return dir.path().string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(bad_data_files_are_refused_before_training) {
  {
    neurite::test::TempDir dir;
    const auto d = broken_data(dir, "t10k-images-idx3-ubyte", [](auto& b) { b.resize(b.size() - 100); });
    const auto r = run(neurite_cmd("train --epochs 1 --data " + d));
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err == "neurite train: error: " + d + "/t10k-images-idx3-ubyte: truncated: its header "
                        "promises 7840000 bytes of data, the file holds 7839900\n");
    BOOST_TEST(r.out.find("epoch") == std::string::npos, "no training started");
  }
  {
    neurite::test::TempDir dir;
    const auto d = broken_data(dir, "train-labels-idx1-ubyte", [](auto& b) { b[3] = 0x03; });
    const auto r = run(neurite_cmd("train --epochs 1 --data " + d));
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err == "neurite train: error: " + d + "/train-labels-idx1-ubyte: wrong magic number "
                        "0x00000803, expected 0x00000801 (IDX labels: unsigned bytes, 1 dimension)\n");
  }
  {
    neurite::test::TempDir dir;
    const auto d = broken_data(dir, "train-labels-idx1-ubyte", [](auto& b) {
      b.resize(b.size() - 1);
      b[7] = static_cast<unsigned char>(b[7] - 1);  // 59999 labels, consistently
    });
    const auto r = run(neurite_cmd("train --epochs 1 --data " + d));
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err == "neurite train: error: " + d + "/train-images-idx3-ubyte holds 60000 images but " + d +
                        "/train-labels-idx1-ubyte holds 59999 labels; they must be equal\n");
  }
  {
    neurite::test::TempDir dir;
    std::ofstream(dir / "bad.csv") << "label,a\n0,1\n1,x\n";
    const auto r = run(neurite_cmd("train --epochs 1 --data " + (dir / "bad.csv").string()));
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find((dir / "bad.csv").string() + ":3") != std::string::npos, r.err);
  }
}

BOOST_AUTO_TEST_CASE(reference_model_reaches_82_percent_within_3_epochs_on_fashion_mnist) {
  neurite::test::TempDir dir;
  const auto r = run(neurite_cmd("train --epochs 3 --history " + (dir / "h.csv").string() +
                                 " --svg " + (dir / "h.svg").string()));
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  std::istringstream in(slurp(dir / "h.csv"));
  std::string line, last;
  while (std::getline(in, line)) last = line;
  std::vector<std::string> f;
  std::stringstream s(last);
  for (std::string item; std::getline(s, item, ',');) f.push_back(item);
  BOOST_REQUIRE(f.size() == 7u);
  BOOST_TEST(f[0] == "3");
  BOOST_TEST(std::stod(f[3]) >= 0.82, "test accuracy after 3 epochs: " + f[3]);
  const auto svg = slurp(dir / "h.svg");
  BOOST_TEST(svg.find("viewBox") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_model_ending_in_an_output_activation_is_pointed_out) {
  Blobs b;
  const auto r = run(neurite_cmd("train --model dense:8,softmax --epochs 1 --batch 32" + b.data));
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.err.find("note: the hidden layers end in softmax; the output layer (dense to the "
                        "classes) that softmax-cross-entropy (input: logits) needs is added after "
                        "it") != std::string::npos,
             r.err);
  BOOST_TEST(r.out.find("model dense:8,softmax,dense:3 ") == 0u, r.out);
  const auto plain = run(neurite_cmd("train --model dense:8,tanh --epochs 1 --batch 32" + b.data));
  BOOST_TEST(plain.err.find("note:") == std::string::npos, plain.err);
}

// A plugin's own refusal travels as an exception whose code lives in the plugin: it must still be
// reported after the registry that loaded the plugin is gone.
BOOST_AUTO_TEST_CASE(a_plugin_refusing_its_input_width_is_reported_not_a_crash) {
  Blobs b;
  const auto maxout = run(neurite_cmd("train --model 'dense:8,maxout(k=3)' --epochs 1" + b.data));
  BOOST_TEST(maxout.status == 1);
  BOOST_TEST(maxout.err == "neurite train: error: maxout: k=3 does not divide the 8 input rows\n");
  const auto glu = run(neurite_cmd("train --model dense:8,GLU,dense:5,GLU --epochs 1" + b.data));
  BOOST_TEST(glu.err == "neurite train: error: GLU: needs an even number of input rows, got 5\n");
  const auto hard_tanh = run(neurite_cmd("info 'hard-tanh(min=2,max=1)'"));
  BOOST_TEST(hard_tanh.status == 1);
  BOOST_TEST(hard_tanh.err.find("neurite info: error: hard-tanh: ") == 0u, hard_tanh.err);
}

BOOST_AUTO_TEST_CASE(bad_output_files_are_refused_before_training) {
  Blobs b;
  const auto history = run(neurite_cmd("train --epochs 1 --history " + b.path("h.txt") + b.data));
  BOOST_TEST(history.err == "neurite train: error: --history '" + b.path("h.txt") +
                                "': give a .csv or .json file\n");
  BOOST_TEST(history.out.find("epoch") == std::string::npos);
  const auto save = run(neurite_cmd("train --epochs 1 --save " + b.path("no/such/dir/x.ckpt") + b.data));
  BOOST_TEST(save.err == "neurite train: error: --save '" + b.path("no/such/dir/x.ckpt") +
                             "': the directory " + b.path("no/such/dir") + " does not exist\n");
}
