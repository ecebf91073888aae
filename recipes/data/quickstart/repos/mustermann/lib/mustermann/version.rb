# frozen_string_literal: true
module Mustermann
  VERSION = '3.0.0'
end
