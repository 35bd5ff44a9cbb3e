"""Imports an exported train.py as a module (its training starts only under __main__)."""
import importlib.util


def load_train(path, name='train'):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
