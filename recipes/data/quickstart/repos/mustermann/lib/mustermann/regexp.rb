require 'mustermann/regular'
