"""gongkai: a static site generator for 双随机、一公开 inspection plans and results.

Data flows one way: raw documents -> importer -> normalized data (data/) ->
validation -> site model -> pages and indexes -> site/.
"""

__version__ = "0.1.0"
