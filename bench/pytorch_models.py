"""The paper's MNIST and CIFAR-10 models, the NCE+RCE loss and an SGD step in PyTorch, for
comparing throughput and memory with ours on the same machine (see bench/run.ts)."""
import json
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_block(in_channels, out_channels):
    return [nn.Conv2d(in_channels, out_channels, 3, padding=1), nn.BatchNorm2d(out_channels),
            nn.ReLU()]


def toy_model(kind):
    if kind == 'mnist-cnn':
        layers = conv_block(1, 32) + [nn.MaxPool2d(2)] + conv_block(32, 64) + [nn.MaxPool2d(2)]
        flat, hidden = 64 * 7 * 7, 128
    else:
        layers = []
        for in_c, out_c in [(3, 64), (64, 128), (128, 196)]:
            layers += conv_block(in_c, out_c) + conv_block(out_c, out_c) + [nn.MaxPool2d(2)]
        flat, hidden = 196 * 4 * 4, 256
    model = nn.Sequential(*layers, nn.Flatten(), nn.Linear(flat, hidden), nn.BatchNorm1d(hidden),
                          nn.ReLU(), nn.Linear(hidden, 10))
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_uniform_(module.weight, mode='fan_in', nonlinearity='relu')
        elif isinstance(module, nn.Linear):
            nn.init.xavier_uniform_(module.weight)
    return model


def nce_rce(logits, labels, alpha=1.0, beta=10.0, classes=10):
    log_probs = F.log_softmax(logits, dim=1)
    one_hot = F.one_hot(labels, classes).float()
    nce = (-(one_hot * log_probs).sum(dim=1)) / (-log_probs.sum(dim=1))
    probs = torch.clamp(F.softmax(logits, dim=1), min=1e-7, max=1.0)
    rce = -(probs * torch.log(torch.clamp(one_hot, min=1e-4, max=1.0))).sum(dim=1)
    return alpha * nce.mean() + beta * rce.mean()


def shape_of(kind):
    return (1, 28, 28) if kind == 'mnist-cnn' else (3, 32, 32)


def train_step(model, optimizer, images, labels):
    optimizer.zero_grad(set_to_none=True)
    loss = nce_rce(model(images), labels)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    optimizer.step()
    return loss.item()


def throughput(kind, batch, warmup, steps):
    torch.manual_seed(1)
    model = toy_model(kind)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-2,
                                nesterov=True)
    images = torch.rand(batch, *shape_of(kind))
    labels = torch.randint(0, 10, (batch,))
    model.train()
    for _ in range(warmup):
        train_step(model, optimizer, images, labels)
    start = time.perf_counter()
    for _ in range(steps):
        train_step(model, optimizer, images, labels)
    train = batch * steps / (time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        for _ in range(warmup):
            model(images)
        start = time.perf_counter()
        for _ in range(steps):
            model(images)
        evaluation = batch * steps / (time.perf_counter() - start)
    return {'trainImagesPerSecond': train, 'evalImagesPerSecond': evaluation}


def mnist_epoch_peak_rss(batch, images_count):
    """Peak resident memory (bytes) of one epoch over MNIST-sized uint8 data."""
    torch.manual_seed(1)
    data = torch.randint(0, 256, (images_count, 1, 28, 28), dtype=torch.uint8)
    labels = torch.randint(0, 10, (images_count,))
    model = toy_model('mnist-cnn')
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-2,
                                nesterov=True)
    model.train()
    order = torch.randperm(images_count)
    for start in range(0, images_count, batch):
        index = order[start:start + batch]
        train_step(model, optimizer, data[index].float() / 255, labels[index])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    options = json.loads(sys.argv[1])
    torch.set_num_threads(options['threads'])
    if options['task'] == 'version':
        result = {}
    elif options['task'] == 'memory':
        result = {'peakRssBytes': mnist_epoch_peak_rss(options['batch'], options['images'])}
    else:
        result = throughput(options['model'], options['batch'], options['warmup'],
                            options['steps'])
    result['threads'] = torch.get_num_threads()
    result['torch'] = torch.__version__
    print(json.dumps(result))


if __name__ == '__main__':
    main()
